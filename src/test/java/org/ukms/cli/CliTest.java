package org.ukms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.testing.ExampleConfigs;
import picocli.CommandLine;

@org.junit.jupiter.api.extension.ExtendWith(org.ukms.testing.RestoreLogging.class)
class CliTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = UkmsCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void help_listsTheCommands() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("run "), out.toString());
    assertTrue(out.toString().contains("check "), out.toString());
    assertEquals(0, run("run", "--help"));
    assertEquals(0, run("check", "--help"));
  }

  @Test
  void version_printsTheVersion() {
    assertEquals(0, run("--version"));
    assertTrue(out.toString().startsWith("ukms "), out.toString());
  }

  @Test
  void usageErrors_exit2() {
    assertEquals(2, run("frobnicate"));
    assertEquals(2, run());
    assertEquals(2, run("run", "--no-such-option"));
  }

  @Test
  void run_unknownLogFormat_exits2NamingTheChoices() {
    assertEquals(2, run("run", "--log-format", "xml", "--config", "example/alice.toml"));
    assertTrue(err.toString().contains("--log-format: expected text or json, found xml"),
        err.toString());
  }

  @Test
  void check_exampleConfigs_exit0() throws Exception {
    ExampleConfigs.makeKeysPrivate();
    for (String node : new String[] {"alice", "bob", "carol"}) {
      assertEquals(0, run("check", "--config", "example/" + node + ".toml"), err.toString());
    }
    assertTrue(out.toString().contains("example/bob.toml: ok (2 peers)"), out.toString());
  }

  @Test
  void check_skipExampleConfigs_exit0() throws Exception {
    ExampleConfigs.makeKeysPrivate();
    try (var psks = java.nio.file.Files.list(java.nio.file.Path.of("example/skip/keys"))) {
      for (java.nio.file.Path psk : psks.filter(p -> p.toString().endsWith(".psk")).toList()) {
        java.nio.file.Files.setPosixFilePermissions(psk,
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      }
    }
    for (String node : new String[] {"alice", "bob"}) {
      assertEquals(0, run("check", "--config", "example/skip/" + node + ".toml"), err.toString());
    }
    assertTrue(out.toString().contains("example/skip/alice.toml: ok (1 peer; SKIP Key Provider "
        + "\"Alice\" on 127.0.0.1:8443)"), out.toString());
    assertTrue(out.toString().contains("example/skip/bob.toml: ok (1 peer; SKIP Key Provider "
        + "\"Bob\" on 127.0.0.1:8444)"), out.toString());
  }

  @Test
  void check_positionalFileWorksToo() throws Exception {
    ExampleConfigs.makeKeysPrivate();
    assertEquals(0, run("check", "example/alice.toml"), err.toString());
    assertEquals(2, run("check", "--config", "example/alice.toml", "example/bob.toml"));
  }

  @Test
  void check_typeErrorOnLine1AndUnknownKeyOnLine14_printsBothAndExits2() throws Exception {
    String text = Files.readString(Path.of("example/alice.toml"))
        .replace("# Example node", "key_rotation_seconds = \"10\" # Example node")
        .replace("key_rotation_seconds = 10\n", "")
        .replace("slave_SAE_ID = \"bob\"", "slave_SAE_ID = \"bob\"\nbogus_key = 1");
    Path file = Files.writeString(dir.resolve("bad.toml"), text);
    int unknownLine = text.substring(0, text.indexOf("bogus_key")).split("\n", -1).length;

    assertEquals(2, run("check", "--config", file.toString()));

    String[] lines = err.toString().split("\n");
    assertEquals(2, lines.length, err.toString());
    assertEquals(file + ":1:1: key_rotation_seconds: expected integer, found string "
        + "(seconds between rotations, e.g. 120)", lines[0]);
    assertEquals(file + ":" + unknownLine + ":1: peers.bob.bogus_key: unknown key "
        + "(see docs/configuration.md)", lines[1]);
  }

  @Test
  void run_badConfig_exits2BeforeStarting() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.toml"), "ukms_port = 1\n");

    assertEquals(2, run("run", "--config", file.toString()));
    assertTrue(err.toString().contains("ukms_bind: missing required key"), err.toString());
  }

  @Test
  void run_portInUse_exits1() throws Exception {
    ExampleConfigs.makeKeysPrivate();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String text = Files.readString(Path.of("example/alice.toml"))
          .replace("ukms_port = 27101", "ukms_port = " + taken.getLocalPort())
          .replace("psk/alice", dir.resolve("psk").toString());
      Path file = Files.writeString(dir.resolve("a.toml"), text);

      assertEquals(1, run("run", "--config", file.toString()));
      assertTrue(err.toString().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()),
          err.toString());
    }
  }

  @Test
  void kme_badOptions_oneLineAndExit2() throws Exception {
    Path secret = Files.writeString(dir.resolve("short.secret"), "c2hvcnQ=");
    String[][] cases = {
        {"--listen", "127.0.0.1:0", "--kme-id", "a"},
        {"--listen", "0.0.0.0:0", "--kme-id", "a", "--sae-id", "x"},
        {"--listen", "127.0.0.1:0", "--kme-id", "a", "--sae-id", "x", "--mode", "link"},
        {"--listen", "127.0.0.1:0", "--kme-id", "a", "--sae-id", "x", "--mode", "quantum"},
        {"--listen", "nonsense", "--kme-id", "a", "--sae-id", "x"},
        {"--listen", "127.0.0.1:0", "--kme-id", "a", "--sae-id", "x", "--fail-ratio", "2"},
        {"--listen", "127.0.0.1:0", "--kme-id", "a", "--sae-id", "x", "--link-secret-file",
            secret.toString()},
        {"--listen", "127.0.0.1:0", "--kme-id", "a", "--tls-cert", "c.pem"}};
    String[] expected = {
        "ukms kme: --sae-id is required without TLS (the one local SAE this KME serves)",
        "ukms kme: --listen: without TLS the simulator binds loopback only; add --allow-remote "
            + "to serve 0.0.0.0",
        "ukms kme: --mode link needs --link-secret-file (head -c 32 /dev/urandom | base64)",
        "ukms kme: --mode: expected link or ukms, found quantum",
        "ukms kme: --listen: expected HOST:PORT with a port in 0..65535 (an IPv6 address in "
            + "brackets, e.g. [::1]:8443), found "
            + "nonsense",
        "ukms kme: latency >= 0 and ratios in [0, 1]",
        "ukms kme: " + secret + ": the key holds 5 bytes, needs at least 32 "
            + "(head -c 32 /dev/urandom | base64 > " + secret + ")",
        "ukms kme: --tls-cert, --tls-key and --tls-client-ca go together"};
    for (int i = 0; i < cases.length; i++) {
      StringWriter e = new StringWriter();
      CommandLine cli = UkmsCommand.commandLine();
      cli.setErr(new PrintWriter(e, true));
      String[] args = new String[cases[i].length + 1];
      args[0] = "kme";
      System.arraycopy(cases[i], 0, args, 1, cases[i].length);
      assertEquals(2, cli.execute(args), String.join(" ", args));
      assertEquals(expected[i], e.toString().strip());
    }
  }

  @Test
  void demo_badOptions_exit2() {
    assertEquals(2, run("demo", "--rotations", "0"));
    assertEquals(2, run("demo", "--json"));
    assertTrue(err.toString().contains("--json needs --rotations N"), err.toString());
  }

  @Test
  void keygen_writesA256BitKey0600_andNeverReplacesOne() throws Exception {
    Path key = dir.resolve("keys/alice-bob.key");

    assertEquals(0, run("keygen", key.toString()));
    String text = Files.readString(key);
    assertEquals(32, java.util.Base64.getDecoder().decode(text.strip()).length);
    assertTrue(text.endsWith("\n"));
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(key)));
    assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(key.getParent())));

    assertEquals(2, run("keygen", key.toString()));
    assertEquals(text, Files.readString(key), "the existing key is untouched");
    assertTrue(err.toString().contains("exists; remove it first"), err.toString());
  }

  @Test
  void keygen_folderBlockedByAFile_namesThePathAndTheCause() throws Exception {
    Path blocker = Files.writeString(dir.resolve("afile"), "x");

    assertEquals(1, run("keygen", blocker.resolve("sub/k.key").toString()));
    assertEquals("ukms keygen: cannot write " + blocker.resolve("sub/k.key") + ": "
        + blocker.resolve("sub") + ": not a directory", err.toString().strip());
  }

  @Test
  void keygen_danglingSymlinkAtFile_isRefusedAndLeftAlone() throws Exception {
    Path target = dir.resolve("elsewhere.key");
    Path link = Files.createSymbolicLink(dir.resolve("pair.key"), target);

    assertEquals(2, run("keygen", link.toString()));

    assertEquals("ukms keygen: " + link + " exists; remove it first to replace the key",
        err.toString().strip());
    assertTrue(Files.isSymbolicLink(link), "the link itself is not replaced");
    assertFalse(Files.exists(target), "nothing is written through the link");
  }

  @Test
  void check_v2PeerWithAMalformedAuthKey_saysToCopyThePeersKeyNotToMakeOne() throws Exception {
    Path key = Files.writeString(dir.resolve("bad.key"), "not a key");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    String text = Files.readString(Path.of("example/alice.toml"))
        .replace("example/keys/EXAMPLE-alice-bob.key", key.toString());
    Path file = Files.writeString(dir.resolve("v2.toml"), text);

    assertEquals(2, run("check", "--config", file.toString()));

    assertEquals(file + ":17:1: peers.bob.auth_key_file: \"" + key + "\" is not a ukms auth key "
        + "(one line of Base64 of 32 random bytes): copy the pair's key from the peer; do not "
        + "generate a new one (the peer would not have it)", err.toString().strip());
  }

  @Test
  void check_pqcPeerWithoutKme_stillHasItsAuthKeyChecked() throws Exception {
    Path key = Files.writeString(dir.resolve("bad.key"), "not a key");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Path file = Files.writeString(dir.resolve("pqc.toml"), String.join("\n",
        "key_folder = \"psk\"", "ukms_bind = \"127.0.0.1\"", "ukms_port = 8100",
        "[peers.bob]", "mode = \"pqc\"", "auth_key_file = \"" + key + "\"",
        "ukms_url = \"http://127.0.0.1:8101\"", "alias = \"bob\"",
        "source_KME_ID = \"alice\"", "slave_SAE_ID = \"bob\"", ""));

    assertEquals(2, run("check", "--config", file.toString()));
    assertTrue(err.toString().contains("peers.bob.auth_key_file: \"" + key + "\" is not a ukms "
        + "auth key"),
        err.toString());
  }

  @Test
  void checkAndRun_authKeyOthersMayRead_exit2WithTheChmod() throws Exception {
    Path key = dir.resolve("pair.key");
    assertEquals(0, run("keygen", key.toString()));
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    Path file = Files.writeString(dir.resolve("pqc.toml"), String.join("\n",
        "key_folder = \"" + dir.resolve("psk") + "\"", "ukms_bind = \"127.0.0.1\"",
        "ukms_port = 8100", "[peers.bob]", "mode = \"pqc\"", "auth_key_file = \"" + key + "\"",
        "ukms_url = \"http://127.0.0.1:8101\"", "alias = \"bob\"",
        "source_KME_ID = \"alice\"", "slave_SAE_ID = \"bob\"", ""));
    String expected = file + ":6:1: peers.bob.auth_key_file: \"" + key + "\" is accessible by "
        + "group or others (mode 0644); a secret must be private: chmod 600 " + key;

    assertEquals(2, run("check", file.toString()));
    assertEquals(expected, err.toString().strip());
    err.getBuffer().setLength(0);
    assertEquals(2, run("run", "--config", file.toString()));
    assertEquals(expected, err.toString().strip());
  }

  @Test
  void checkAndRun_stateDirThatCannotBeCreated_exit2SayingWhyAtStateDir() throws Exception {
    Path key = dir.resolve("pair.key");
    assertEquals(0, run("keygen", key.toString()));
    Path blocker = Files.writeString(dir.resolve("var"), "a file where a folder should be");
    Path file = Files.writeString(dir.resolve("pqc.toml"), String.join("\n",
        "key_folder = \"" + dir.resolve("psk") + "\"", "state_dir = \"" + dir.resolve("var/lib/x") + "\"",
        "ukms_bind = \"127.0.0.1\"", "ukms_port = 8100", "[peers.bob]", "mode = \"pqc\"",
        "auth_key_file = \"" + key + "\"", "ukms_url = \"http://127.0.0.1:8101\"",
        "alias = \"bob\"", "source_KME_ID = \"alice\"", "slave_SAE_ID = \"bob\"", ""));
    String expected = file + ":2:1: state_dir: cannot create \"" + blocker.resolve("lib/x")
        + "\": \"" + blocker + "\" is not a folder";

    assertEquals(2, run("check", file.toString()));
    assertEquals(expected, err.toString().strip());
    err.getBuffer().setLength(0);
    assertEquals(2, run("run", "--config", file.toString()));
    assertEquals(expected, err.toString().strip());
  }

  @Test
  void checkAndRun_keyFolderOthersMayWrite_stateFileOthersMayRead_exit2AtTheirKeys()
      throws Exception {
    Path key = dir.resolve("pair.key");
    assertEquals(0, run("keygen", key.toString()));
    Path psk = Files.createDirectories(dir.resolve("psk"));
    Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path state = Files.createDirectories(dir.resolve("state"));
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path stateFile = Files.writeString(state.resolve("bob.state"), "x");
    Files.setPosixFilePermissions(stateFile, PosixFilePermissions.fromString("rw-r--r--"));
    Path file = Files.writeString(dir.resolve("pqc.toml"), String.join("\n",
        "key_folder = \"" + psk + "\"", "state_dir = \"" + state + "\"",
        "ukms_bind = \"127.0.0.1\"", "ukms_port = 8100", "[peers.bob]", "mode = \"pqc\"",
        "auth_key_file = \"" + key + "\"", "ukms_url = \"http://127.0.0.1:8101\"",
        "alias = \"bob\"", "source_KME_ID = \"alice\"", "slave_SAE_ID = \"bob\"", ""));
    String expected = file + ":1:1: key_folder: \"" + psk + "\" is writable by group or others "
        + "(mode 0777), who could replace the files in it: chmod 700 " + psk + "\n"
        + file + ":2:1: state_dir: \"" + stateFile + "\" is accessible by group or others "
        + "(mode 0644); a key file must be private: chmod 600 " + stateFile;

    assertEquals(2, run("check", file.toString()));
    assertEquals(expected, err.toString().strip());
    err.getBuffer().setLength(0);
    assertEquals(2, run("run", "--config", file.toString()));
    assertEquals(expected, err.toString().strip());

    Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.delete(stateFile);
    out.getBuffer().setLength(0);
    assertEquals(0, run("check", file.toString()), "a missing state file is fine");
  }

  @Test
  void configOption_defaultsToEnvironmentThenEtc() {
    ConfigOption option = new ConfigOption();

    assertEquals(Path.of("/etc/ukms.toml"), option.resolve(Map.of()));
    assertEquals(Path.of("/x.toml"), option.resolve(Map.of("UKMS_CONFIG_FILE", "/x.toml")));
    option.file = Path.of("y.toml");
    assertEquals(Path.of("y.toml"), option.resolve(Map.of("UKMS_CONFIG_FILE", "/x.toml")));
  }
}
