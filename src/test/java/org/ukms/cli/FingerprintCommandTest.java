package org.ukms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.crypto.Fingerprint;
import org.ukms.crypto.Secret;
import org.ukms.sink.PskFile;
import picocli.CommandLine;

class FingerprintCommandTest {
  private static final String PEER_A = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
  private static final String PEER_B = "HIgo9xNzJMWLKASShiTqIybxZ0U3wGLiUeJ1PKf8ykw=";

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String stdin, String... args) {
    CommandLine cli = new CommandLine(new FingerprintCommand(
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.US_ASCII))));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static Secret psk(int seed) {
    byte[] raw = new byte[32];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (byte) (seed * 31 + i);
    }
    return Secret.copyOf(raw);
  }

  private static String base64(Secret psk) {
    return Base64.getEncoder().encodeToString(psk.reveal());
  }

  @Test
  void fingerprint_fileWrittenByPskFile_printsTheLoggedFingerprint() throws Exception {
    PskFile file = new PskFile(dir, "bob");
    file.install(psk(1));

    assertEquals(0, run("", file.path().toString()), err.toString());

    assertEquals(Fingerprint.of(psk(1)) + "\n", out.toString());
    assertEquals("", err.toString());
  }

  @Test
  void fingerprint_stdinWithoutNewline_asUkmsV1Writes() {
    assertEquals(0, run(base64(psk(2))), err.toString());
    assertEquals(Fingerprint.of(psk(2)) + "\n", out.toString());
  }

  @Test
  void fingerprint_dashReadsStdin() {
    assertEquals(0, run(base64(psk(2)) + "\n", "-"), err.toString());
    assertEquals(Fingerprint.of(psk(2)) + "\n", out.toString());
  }

  @Test
  void fingerprint_wgShowPresharedKeys_oneLinePerPeer() {
    String wg = PEER_A + "\t" + base64(psk(3)) + "\n" + PEER_B + "\t(none)\n";

    assertEquals(0, run(wg), err.toString());

    assertEquals(PEER_A + " " + Fingerprint.of(psk(3)) + "\n" + PEER_B + " none\n",
        out.toString());
  }

  @Test
  void fingerprint_malformedLine_namesTheLineNotItsContent() {
    String bad = base64(psk(4)).substring(0, 40) + "!!!=";
    String wg = PEER_A + "\t" + base64(psk(3)) + "\n" + PEER_B + "\t" + bad + "\n";

    assertEquals(2, run(wg));

    assertEquals("ukms fingerprint: <stdin>:2: not a PSK (expected 44 Base64 characters for "
        + "32 bytes)\n", err.toString());
    assertFalse(err.toString().contains(bad.substring(0, 20)));
    assertEquals("", out.toString());
  }

  @Test
  void fingerprint_lineWithoutTabAmongPeers_isLocated() throws Exception {
    Path file = dir.resolve("wg.txt");
    Files.writeString(file, PEER_A + "\t(none)\n" + base64(psk(5)) + "\n");

    assertEquals(2, run("", file.toString()));

    assertEquals("ukms fingerprint: " + file + ":2: expected <peer public key> TAB <psk> or "
        + "(none), as wg show IFACE preshared-keys prints\n", err.toString());
    assertFalse(err.toString().contains(base64(psk(5))));
  }

  @Test
  void fingerprint_keyOfTheWrongLength_isRefused() {
    assertEquals(2, run(Base64.getEncoder().encodeToString(new byte[16]) + "\n"));
    assertEquals("ukms fingerprint: <stdin>:1: not a PSK (expected 44 Base64 characters for "
        + "32 bytes)\n", err.toString());
  }

  @Test
  void fingerprint_emptyInput_exit2() {
    assertEquals(2, run(""));
    assertEquals("ukms fingerprint: <stdin>:1: empty; expected a PSK (44 Base64 characters)\n",
        err.toString());
  }

  @Test
  void fingerprint_missingFile_exit2() {
    Path missing = dir.resolve("nope.key");

    assertEquals(2, run("", missing.toString()));

    assertEquals("ukms fingerprint: " + missing + ": no such file\n", err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void fingerprint_folder_exit2() {
    assertEquals(2, run("", dir.toString()));

    assertEquals("ukms fingerprint: " + dir + ": is a folder, not a PSK file\n", err.toString());
  }

  @Test
  void fingerprint_isAUkmsSubcommand() {
    CommandLine cli = UkmsCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    assertEquals(0, cli.execute("fingerprint", "--help"));
  }
}
