package org.ukms.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.core.V2Schedule;

/** {@code key_source} and {@code [peers.<id>.etsi004]}: read, defaulted, and refused where wrong. */
class Etsi004ConfigTest {
  @TempDir Path dir;

  @BeforeEach
  void key() throws Exception {
    Files.writeString(dir.resolve("pair.key"), "x");
    Files.setPosixFilePermissions(dir.resolve("pair.key"),
        PosixFilePermissions.fromString("rw-------"));
  }

  static String config(String peerLines, String etsi004) {
    return String.join("\n", "key_folder = \"psk\"", "ukms_bind = \"127.0.0.1\"",
        "ukms_port = 8101", "[peers.bob]", "auth_key_file = \"pair.key\"",
        "ukms_url = \"http://127.0.0.1:8102\"", "alias = \"bob\"", "source_KME_ID = \"alice\"",
        "slave_SAE_ID = \"bob\"", peerLines, etsi004, "");
  }

  @Test
  void etsi004_isReadWithItsDefaults_andNeedsNoEtsiUrl() throws Exception {
    UkmsConfig c = ConfigText.load(dir, config("key_source = \"etsi004\"",
        "[peers.bob.etsi004]\naddress = \"127.0.0.1:25575\""));
    Etsi004Settings km = c.peers().get(0).v2().etsi004();

    assertEquals("127.0.0.1", km.host());
    assertEquals(25575, km.port());
    assertEquals("ukms://alice", km.source());
    assertEquals("ukms://bob", km.destination());
    assertEquals(2000, km.timeoutMs());
    assertEquals(3600, km.ttlSeconds());
    assertNull(km.tls().caCert());
    assertEquals(V2Schedule.Mode.HYBRID, c.peers().get(0).v2().mode());
    assertNull(c.peers().get(0).kme());
  }

  @Test
  void wrongCombinations_areLocatedErrors() {
    assertEquals(List.of("FILE:11:1: peers.bob.etsi004: [peers.bob.etsi004] is read only with "
            + "key_source = \"etsi004\""),
        ConfigText.errors(dir, config("mode = \"pqc\"",
            "[peers.bob.etsi004]\naddress = \"127.0.0.1:25575\"")));
    assertEquals(List.of("FILE:11:1: peers.bob.key_source: ukms-v1 speaks ETSI 014 only (as "
            + "uKMS); etsi004 needs protocol v2"),
        ConfigText.errors(dir, config("protocol = \"ukms-v1\"\nkey_source = \"etsi004\"", "")
            .replace("auth_key_file = \"pair.key\"\n", "etsi_url = \"http://127.0.0.1:9\"\n")));
    assertEquals(List.of("FILE:12:1: peers.bob.etsi004.address: plain TCP to a non-loopback key "
            + "manager is refused: set tls_cacert, tls_cert and tls_key"),
        ConfigText.errors(dir, config("key_source = \"etsi004\"",
            "[peers.bob.etsi004]\naddress = \"192.0.2.7:25575\"")));
    assertEquals(1, ConfigText.errors(dir, config("key_source = \"etsi004\"", "")).size(),
        "the etsi004 table is required");
    assertEquals(1, ConfigText.errors(dir, config("key_source = \"etsi005\"", "")).size());
  }
}
