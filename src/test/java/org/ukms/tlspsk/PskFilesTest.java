package org.ukms.tlspsk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.crypto.Secret;

/** Encryptor PSK files as IOS XE's key hex and key 0 give them (SKIP-TLS-08). */
class PskFilesTest {
  private static final String ASCII = "Quantum-safe PPK from the KP, 2026!";

  @TempDir Path dir;

  private Path file(String name, String content, String mode) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.ISO_8859_1);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    return p;
  }

  private String error(String content, PskFormat format) throws IOException {
    Path p = file("bad.psk", content, "rw-------");
    return assertThrows(PskFileException.class, () -> PskFiles.read(p, format)).getMessage();
  }

  @Test
  void read_hexWithNewlineEitherCase_decodedBytes() throws Exception {
    Secret psk = PskFiles.read(file("a.psk", PskTesting.PSK_HEX.toUpperCase() + "\n",
        "rw-------"), PskFormat.HEX);
    assertTrue(psk.sameAs(PskTesting.psk()));
    Secret crlf = PskFiles.read(file("b.psk", PskTesting.PSK_HEX + "\r\n", "r--------"),
        PskFormat.HEX);
    assertTrue(crlf.sameAs(PskTesting.psk()));
  }

  @Test
  void read_asciiWithoutNewline_theStringsBytes() throws Exception {
    Secret psk = PskFiles.read(file("a.psk", ASCII, "rw-------"), PskFormat.ASCII);
    assertTrue(psk.sameAs(Secret.copyOf(ASCII.getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  void read_groupReadable_refusedWithTheFix() throws Exception {
    Path p = file("open.psk", PskTesting.PSK_HEX, "rw-r-----");
    assertEquals("\"" + p + "\" is accessible by group or others (mode 0640); a secret must be "
        + "private: chmod 600 " + p, assertThrows(PskFileException.class,
            () -> PskFiles.read(p, PskFormat.HEX)).getMessage());
  }

  @Test
  void read_badContent_oneLineNamingTheFileNeverTheContent() throws Exception {
    Path p = dir.resolve("bad.psk");
    assertEquals("\"" + p + "\": not a hex digit at column 3 (psk format hex expects only 0-9 "
        + "and a-f)", error("00zz11", PskFormat.HEX));
    assertEquals("\"" + p + "\": expected an even number of hex digits on one line (psk format "
        + "hex), found 3 characters", error("abc\n", PskFormat.HEX));
    assertEquals("\"" + p + "\" is empty; expected one line with the PSK",
        error("\n", PskFormat.ASCII));
    String twoLines = error("s3cret-line-one\nline-two", PskFormat.ASCII);
    assertEquals("\"" + p + "\": not a printable ASCII character at column 16 (psk format ascii "
        + "expects one line of printable ASCII)", twoLines);
    assertFalse(twoLines.contains("s3cret"));
    assertEquals("\"" + dir.resolve("none") + "\": no such file", assertThrows(
        PskFileException.class, () -> PskFiles.read(dir.resolve("none"), PskFormat.HEX))
        .getMessage());
  }

  @Test
  void skipTls08_asciiAndHexOfOneSecret_samePskAndBothHandshake() throws Exception {
    String hex = HexFormat.of().formatHex(ASCII.getBytes(StandardCharsets.US_ASCII));
    Secret fromAscii = PskFiles.read(file("ascii.psk", ASCII + "\n", "rw-------"),
        PskFormat.ASCII);
    Secret fromHex = PskFiles.read(file("hex.psk", hex + "\n", "rw-------"), PskFormat.HEX);
    assertTrue(fromAscii.sameAs(fromHex));

    // The server holds the hex form, clients present the ascii form: both versions succeed.
    try (PskHttpServer server = PskHttpServer.start(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of("router-a", fromHex),
        r -> PskHttpResponse.json(200, "{}".getBytes(StandardCharsets.UTF_8)),
        PskServerSettings.DEFAULT)) {
      for (TlsVersion version : TlsVersion.values()) {
        assertEquals(200, PskHttpClient.of("127.0.0.1", server.port(), "router-a", fromAscii,
            version).get("/capabilities").status());
      }
    }
  }
}
