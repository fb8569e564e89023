package org.ukms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The BB84 options of {@code ukms kme} and {@code ukms demo}: each mistake is one line, exit 2. */
class Bb84OptionsTest {
  @TempDir Path dir;

  private String usage(String... args) {
    StringWriter e = new StringWriter();
    CommandLine cli = UkmsCommand.commandLine();
    cli.setErr(new PrintWriter(e, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    assertEquals(2, cli.execute(args), String.join(" ", args));
    return e.toString().strip();
  }

  private String kme(String... more) throws Exception {
    Path secret = dir.resolve("link.secret");
    if (!Files.exists(secret)) {
      Files.writeString(secret, Base64.getEncoder().encodeToString(new byte[32]));
    }
    List<String> args = new ArrayList<>(List.of("kme", "--listen", "127.0.0.1:0", "--kme-id",
        "a", "--sae-id", "x"));
    args.addAll(List.of(more));
    return usage(args.stream().map(a -> a.equals("SECRET") ? secret.toString() : a)
        .toArray(String[]::new));
  }

  @Test
  void kme_badBb84Options_oneLineEach() throws Exception {
    assertEquals("ukms kme: --link: expected prf or bb84, found quantum",
        kme("--link", "quantum"));
    assertEquals("ukms kme: --link-listen, --link-connect and the channel options need --link "
        + "bb84", kme("--link-connect", "127.0.0.1:1"));
    assertEquals("ukms kme: --link bb84 needs --link-secret-file (it authenticates the link and "
        + "names keys)", kme("--link", "bb84", "--link-listen", "127.0.0.1:0"));
    assertEquals("ukms kme: --link bb84 needs exactly one of --link-listen HOST:PORT and "
        + "--link-connect HOST:PORT", kme("--link-secret-file", "SECRET", "--link", "bb84"));
    assertEquals("ukms kme: --eavesdropper and the --channel-*/--detector-* options go with "
        + "--link-connect (the end that sends the photons)", kme("--link-secret-file", "SECRET",
            "--link", "bb84", "--link-listen", "127.0.0.1:0", "--eavesdropper"));
    assertEquals("ukms kme: --channel-error, --channel-loss-db, --detector-efficiency: error "
        + "rate must be in [0, 0.5], found 0.7", kme("--link-secret-file", "SECRET", "--link",
            "bb84", "--link-connect", "127.0.0.1:1", "--channel-error", "0.7"));
    assertEquals("ukms kme: --link-connect: expected HOST:PORT with a port in 1..65535 (an IPv6 "
        + "address in brackets, e.g. [::1]:8443), found bob", kme(
        "--link-secret-file", "SECRET", "--link", "bb84", "--link-connect", "bob"));
    assertEquals("ukms kme: --indices-004: expected 1..16777215, found 0", kme(
        "--link-secret-file", "SECRET", "--api", "004", "--link", "bb84", "--link-connect",
        "127.0.0.1:1", "--indices-004", "0"));
  }

  @Test
  void demo_badBb84Options_exit2() {
    assertEquals("ukms demo: --eavesdropper needs --link bb84",
        usage("demo", "--eavesdropper", "--rotations", "1"));
    assertEquals("ukms demo: --link: expected prf or bb84, found qkd",
        usage("demo", "--link", "qkd", "--rotations", "1"));
    assertEquals("ukms demo: --rotations and --period must be positive, --timeout a positive "
        + "number of seconds or a duration such as 20s, found 20x",
        usage("demo", "--rotations", "1", "--timeout", "20x"));
  }

  @Test
  void demoTimeout_takesSecondsOrAUnit() {
    assertEquals(Duration.ofSeconds(20), DemoCommand.duration("20"));
    assertEquals(Duration.ofSeconds(20), DemoCommand.duration("20s"));
    assertEquals(Duration.ofMillis(500), DemoCommand.duration("500ms"));
    assertEquals(Duration.ofMinutes(2), DemoCommand.duration("2m"));
    assertEquals(null, DemoCommand.duration("-1"));
  }
}
