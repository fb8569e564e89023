package org.ukms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.crypto.Secret;
import org.ukms.testing.FreePorts;
import org.ukms.tlspsk.PskHttpResponse;
import org.ukms.tlspsk.PskHttpServer;
import org.ukms.tlspsk.PskServerSettings;

/** {@code ukms skip}: targets, output, exit codes, errors; against our TLS-PSK server. */
class SkipCommandTest {
  private static final String PSK = "Quantum-safe PPK 0123456789abcdef";

  @TempDir Path dir;
  private final List<String> targets = new CopyOnWriteArrayList<>();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private PskHttpServer server;
  private Path asciiFile;
  private Path hexFile;

  @BeforeEach
  void start() throws Exception {
    server = PskHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        Map.of("router-a", Secret.copyOf(PSK.getBytes(StandardCharsets.US_ASCII))), request -> {
          targets.add(request.target());
          int status = request.rawPath().equals("/key/00") ? 400 : 200;
          String body = status == 200 ? "{\"keyId\":\"ab\",\"key\":\"cd\"}" : "{\"error\":\"no\"}";
          return PskHttpResponse.json(status, body.getBytes(StandardCharsets.UTF_8));
        }, PskServerSettings.DEFAULT);
    asciiFile = secret("a.psk", PSK + "\n");
    hexFile = secret("h.psk", HexFormat.of().formatHex(PSK.getBytes(StandardCharsets.US_ASCII)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Path secret(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    return p;
  }

  private int run(String... args) {
    var cli = UkmsCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private String[] args(String command, Path file, String format, String... more) {
    List<String> all = new java.util.ArrayList<>(List.of("skip", command, "--server",
        "127.0.0.1:" + server.port(), "--psk-identity", "router-a", "--psk-file",
        file.toString(), "--psk-format", format));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void capabilities_tls13HexFile_printsTheJsonAndExits0() {
    assertEquals(0, run(args("capabilities", hexFile, "hex")), err.toString());
    assertEquals("{\"keyId\":\"ab\",\"key\":\"cd\"}\n", out.toString());
    assertEquals(List.of("/capabilities"), targets);
  }

  @Test
  void everySubcommand_bothVersions_asksForTheRightTarget() {
    assertEquals(0, run(args("get-key", asciiFile, "ascii", "--tls", "1.2",
        "--remote-system-id", "KP B", "--size", "128")), err.toString());
    assertEquals(0, run(args("get-key-by-id", asciiFile, "ascii", "--key-id", "ABCD",
        "--remote-system-id", "Alice")), err.toString());
    assertEquals(0, run(args("entropy", hexFile, "hex", "--tls", "1.2", "--minentropy", "128")),
        err.toString());
    assertEquals(0, run(args("entropy", hexFile, "hex")), err.toString());
    assertEquals(List.of("/key?remoteSystemID=KP%20B&size=128",
        "/key/ABCD?remoteSystemID=Alice", "/entropy?minentropy=128", "/entropy"), targets);
  }

  @Test
  void non200_bodyOnStdoutOneLineOnStderrExit1() {
    assertEquals(1, run(args("get-key-by-id", hexFile, "hex", "--key-id", "00",
        "--remote-system-id", "Alice")));
    assertEquals("{\"error\":\"no\"}\n", out.toString());
    assertEquals("ukms skip: 127.0.0.1:" + server.port() + " answered GET /key/00 with HTTP 400\n",
        err.toString());
  }

  @Test
  void unknownIdentity_handshakeAlertOnStderrExit1() {
    String[] a = args("capabilities", hexFile, "hex");
    a[5] = "router-x";
    assertEquals(1, run(a));
    assertEquals("ukms skip: handshake with 127.0.0.1:" + server.port()
        + " failed: unknown_psk_identity\n", err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void wrongFormat_hexFileReadAsAscii_wrongPskHandshakeFailsExit1() {
    assertEquals(1, run(args("capabilities", hexFile, "ascii")));
    assertEquals("ukms skip: handshake with 127.0.0.1:" + server.port()
        + " failed: decrypt_error\n", err.toString());
    assertEquals(List.of(), targets);
  }

  @Test
  void wrongFormat_asciiFileReadAsHex_exit2NamingTheFileNotTheKey() {
    assertEquals(2, run(args("capabilities", asciiFile, "hex")));
    assertTrue(err.toString().startsWith("ukms skip: \"" + asciiFile + "\": "), err.toString());
    assertFalse(err.toString().contains("Quantum"), err.toString());
  }

  @Test
  void serverDown_connectionFailureExit1() throws Exception {
    int port = FreePorts.next();
    assertEquals(1, run("skip", "entropy", "--server", "127.0.0.1:" + port, "--psk-identity",
        "router-a", "--psk-file", hexFile.toString()));
    assertTrue(err.toString().startsWith("ukms skip: cannot connect to 127.0.0.1:" + port + ": "),
        err.toString());
  }

  @Test
  void usageErrors_exit2() throws Exception {
    assertEquals(2, run("skip"));
    assertEquals(2, run("skip", "get-key", "--server", "127.0.0.1:1", "--psk-identity", "a",
        "--psk-file", hexFile.toString()));
    assertEquals(2, run(args("capabilities", hexFile, "hex", "--tls", "1.1")));
    assertEquals(2, run(args("capabilities", hexFile, "base64")));
    assertEquals(2, run("skip", "capabilities", "--server", "localhost", "--psk-identity", "a",
        "--psk-file", hexFile.toString()));
    Files.setPosixFilePermissions(hexFile, PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals(2, run(args("capabilities", hexFile, "hex")));
    assertTrue(err.toString().contains("is accessible by group or others (mode 0644)"),
        err.toString());
    assertEquals(List.of(), targets);
  }
}
