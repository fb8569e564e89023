package org.ukms.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The [skip] table: every key read and defaulted, every mistake a located one-line error. */
class SkipConfigTest {
  @TempDir Path dir;

  @BeforeEach
  void files() throws Exception {
    for (String name : List.of("pair.key", "router-a.psk", "router-b.psk")) {
      Files.writeString(dir.resolve(name), "00".repeat(32) + "\n");
      Files.setPosixFilePermissions(dir.resolve(name),
          PosixFilePermissions.fromString("rw-------"));
    }
  }

  /** Lines 1-17 are two peers (bob v2, carol v1); {@code skip} starts on line 18. */
  static String config(String skip) {
    return String.join("\n", "key_folder = \"psk\"", "ukms_bind = \"127.0.0.1\"",
        "ukms_port = 8101", "[peers.bob]", "auth_key_file = \"pair.key\"", "mode = \"pqc\"",
        "ukms_url = \"http://127.0.0.1:8102\"", "alias = \"bob\"", "source_KME_ID = \"alice\"",
        "slave_SAE_ID = \"bob\"", "[peers.carol]", "protocol = \"ukms-v1\"",
        "etsi_url = \"http://127.0.0.1:8101\"", "ukms_url = \"http://127.0.0.1:8103\"",
        "alias = \"carol\"", "source_KME_ID = \"alice\"", "slave_SAE_ID = \"carol\"", skip, "");
  }

  static final String MINIMAL = String.join("\n", "[skip]", "listen = \"127.0.0.1:8443\"",
      "local_system_id = \"Alice\"", "[skip.remote_systems]", "Bob = \"bob\"",
      "[skip.encryptors.router-a]", "psk_file = \"router-a.psk\"");

  @Test
  void noSkipTable_isNull() throws Exception {
    assertNull(ConfigText.load(dir, config("")).skip());
  }

  @Test
  void minimal_takesTheDefaults() throws Exception {
    SkipSettings s = ConfigText.load(dir, config(MINIMAL)).skip();

    assertEquals(new SkipSettings("127.0.0.1", 8443, false, "Alice", "ukms-v2 qkd/pqc hybrid",
        Duration.ofSeconds(120), 1024, true, 128, 512, false,
        List.of(new SkipSettings.RemoteSystem("Bob", "bob")),
        List.of(new SkipSettings.Encryptor("router-a", dir.resolve("router-a.psk"),
            SkipSettings.PskFormat.HEX))), s);
  }

  @Test
  void everyKey_isRead() throws Exception {
    SkipSettings s = ConfigText.load(dir, config(String.join("\n", "[skip]",
        "listen = \"[::1]:9443\"", "allow_remote = true", "local_system_id = \"KP_A_LOC1\"",
        "algorithm = \"QKD+ML-KEM-1024 via ukms v2\"", "key_ttl_seconds = 30",
        "max_pending_keys = 50", "entropy = false", "min_key_bits = 256", "max_key_bits = 1024",
        "allow_plain_psk = true", "[skip.remote_systems]", "\"KP_*_LOC2\" = \"bob\"",
        "Bob = \"bob\"", "[skip.encryptors.router-a]", "psk_file = \"router-a.psk\"",
        "psk_format = \"ascii\"", "remote_systems = [\"KP_*_LOC2\"]",
        "[skip.encryptors.\"router.b\"]", "psk_file = \"router-b.psk\"",
        "psk_format = \"hex\""))).skip();

    assertEquals("::1", s.host());
    assertEquals(9443, s.port());
    assertTrue(s.allowRemote());
    assertEquals("KP_A_LOC1", s.localSystemId());
    assertEquals("QKD+ML-KEM-1024 via ukms v2", s.algorithm());
    assertEquals(Duration.ofSeconds(30), s.keyTtl());
    assertEquals(50, s.maxPendingKeys());
    assertFalse(s.entropy());
    assertEquals(256, s.minKeyBits());
    assertEquals(1024, s.maxKeyBits());
    assertTrue(s.allowPlainPsk());
    assertEquals(List.of("KP_*_LOC2", "Bob"), s.patternsFor("bob"));
    assertEquals(SkipSettings.PskFormat.ASCII, s.encryptors().get(0).format());
    assertEquals(2, s.encryptors().size());
    assertEquals(List.of("KP_*_LOC2"), s.encryptors().get(0).remoteSystems());
    assertEquals(List.of(), s.encryptors().get(1).remoteSystems(), "default: every system");
  }

  @Test
  void topLevelMistakes_areLocated() {
    assertEquals(List.of(
        "FILE:19:1: skip.listen: \"0.0.0.0:8443\" is not a loopback address; a Key Provider "
            + "belongs next to its encryptor (set allow_remote = true to allow it anyway)",
        "FILE:20:1: skip.local_system_id: expected 1 to 128 printable ASCII characters without "
            + "spaces or glob characters (* ? [), found \"KP_*\"",
        "FILE:24:1: skip.key_ttl_seconds: must be positive, found 0 (seconds an unfetched key "
            + "is held, default 120)",
        "FILE:23:1: skip.max_pending_keys: must be in 1..1000000, found 0",
        "FILE:21:1: skip.min_key_bits: must be a multiple of 8 in 64..4096, found 100",
        "FILE:22:1: skip.max_key_bits: must be at least 256 (the size of a GET /key without "
            + "size), found 128",
        "FILE:25:1: skip.entropie: unknown key (did you mean \"entropy\"?)"),
        ConfigText.errors(dir, config(MINIMAL.replace("127.0.0.1:8443", "0.0.0.0:8443")
            .replace("\"Alice\"", "\"KP_*\"\nmin_key_bits = 100\nmax_key_bits = 128\n"
                + "max_pending_keys = 0\nkey_ttl_seconds = 0\nentropie = true"))));
  }

  @Test
  void listenOnThePeerPort_orMalformed_isRefused() {
    assertEquals(List.of("FILE:19:1: skip.listen: port 8101 is ukms_port; SKIP never shares the "
            + "peer port (SKIP-SYNC-02)"),
        ConfigText.errors(dir, config(MINIMAL.replace("8443", "8101"))));
    assertEquals(List.of("FILE:19:1: skip.listen: expected HOST:PORT with a port in 1..65535 (an IPv6 "
            + "address in brackets, e.g. [::1]:8443), "
            + "found \"127.0.0.1\""),
        ConfigText.errors(dir, config(MINIMAL.replace(":8443", ""))));
    assertEquals(List.of("FILE:18:1: skip.listen: missing required key (HOST:PORT of the "
            + "TLS-PSK listener for encryptors, e.g. \"127.0.0.1:8443\")"),
        ConfigText.errors(dir, config(MINIMAL.replace("listen = \"127.0.0.1:8443\"\n", ""))));
  }

  @Test
  void remoteSystems_mustNameV2Peers() {
    assertEquals(List.of(
        "FILE:23:1: skip.remote_systems.Carol: peers.carol is a ukms-v1 peer; SKIP keys are "
            + "synchronised over protocol v2 only",
        "FILE:24:1: skip.remote_systems.Dave: no peer \"dave\" (peers: bob, carol)",
        "FILE:25:1: skip.remote_systems.Eve: expected string, found integer (the id of a v2 "
            + "peer, e.g. \"bob\")"),
        ConfigText.errors(dir, config(MINIMAL.replace("Bob = \"bob\"",
            "Bob = \"bob\"\nCarol = \"carol\"\nDave = \"dave\"\nEve = 7"))));
    assertEquals(List.of("FILE:21:1: skip.remote_systems: no remote system configured "
            + "(GET /capabilities needs one)"),
        ConfigText.errors(dir, config(MINIMAL.replace("Bob = \"bob\"\n", ""))));
  }

  @Test
  void encryptors_needAPrivatePskFileAndAKnownFormat() throws Exception {
    Files.setPosixFilePermissions(dir.resolve("router-a.psk"),
        PosixFilePermissions.fromString("rw-r--r--"));
    Path a = dir.resolve("router-a.psk");

    assertEquals(List.of(
        "FILE:24:1: skip.encryptors.router-a.psk_file: \"" + a + "\" is accessible by group or "
            + "others (mode 0644); a secret must be private: chmod 600 " + a,
        "FILE:25:1: skip.encryptors.router-a.psk_format: expected \"hex\" or \"ascii\" (hex "
            + "digits as IOS XE's key hex, or the ASCII bytes as key 0), found \"base64\"",
        "FILE:26:1: skip.encryptors.router-a.pskfile: unknown key (did you mean \"psk_file\"?)"),
        ConfigText.errors(dir, config(MINIMAL + "\npsk_format = \"base64\"\npskfile = \"x\"")));
    assertEquals(List.of("FILE:26:1: skip.encryptors.router-b.psk_file: cannot read \""
            + dir.resolve("missing.psk") + "\" (check the path and its permissions)"),
        ConfigText.errors(dir, config(MINIMAL.replace("router-a.psk", "router-b.psk")
            + "\n[skip.encryptors.router-b]\npsk_file = \"missing.psk\"")));
    assertEquals(List.of("FILE:23:1: skip.encryptors: no encryptor configured (add "
            + "[skip.encryptors.<psk identity>])"),
        ConfigText.errors(dir, config(MINIMAL.replace("[skip.encryptors.router-a]\n"
            + "psk_file = \"router-a.psk\"", "[skip.encryptors]"))));
  }

  @Test
  void pskIdentityWithSpaces_isRefused() {
    assertEquals(List.of("FILE:25:1: skip.encryptors.\"router b\": a PSK identity is 1 to 128 "
            + "printable ASCII characters without spaces"),
        ConfigText.errors(dir, config(MINIMAL
            + "\n[skip.encryptors.\"router b\"]\npsk_file = \"router-b.psk\"")));
  }
}
