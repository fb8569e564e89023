package org.ukms.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fake_qkd_etsi004_listen}: the embedded fake QKD API also serving ETSI 004. */
class FakeQkd004ConfigTest {
  @TempDir Path dir;

  @BeforeEach
  void files() throws Exception {
    for (String name : List.of("pair.key", "link.secret")) {
      Files.writeString(dir.resolve(name), "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n");
      Files.setPosixFilePermissions(dir.resolve(name),
          PosixFilePermissions.fromString("rw-------"));
    }
  }

  static String config(String fakeLines) {
    return String.join("\n", "key_folder = \"psk\"", "ukms_bind = \"127.0.0.1\"",
        "ukms_port = 8101", "enable_fake_qkd_api = true", "fake_qkd_sae_id = \"alice\"",
        fakeLines, "[peers.bob]", "auth_key_file = \"pair.key\"",
        "ukms_url = \"http://127.0.0.1:8102\"", "alias = \"bob\"", "source_KME_ID = \"alice\"",
        "slave_SAE_ID = \"bob\"", "key_source = \"etsi004\"", "[peers.bob.etsi004]",
        "address = \"127.0.0.1:25575\"", "");
  }

  @Test
  void theListenAddress_isRead_andUnsetMeansNoEtsi004() throws Exception {
    UkmsConfig on = ConfigText.load(dir, config("fake_qkd_link_secret_file = \"link.secret\"\n"
        + "fake_qkd_etsi004_listen = \"127.0.0.1:25575\""));
    UkmsConfig off = ConfigText.load(dir, config("fake_qkd_link_secret_file = \"link.secret\""));

    assertEquals(new InetSocketAddress("127.0.0.1", 25575), on.fakeQkd().etsi004Listen());
    assertNull(off.fakeQkd().etsi004Listen());
  }

  @Test
  void aBadAddress_aRemoteOne_orUkmsMode_isALocatedError() {
    assertEquals(List.of("FILE:7:1: fake_qkd_etsi004_listen: expected HOST:PORT with a port in "
            + "0..65535 (an IPv6 address in brackets, e.g. [::1]:8443), "
            + "found \"127.0.0.1\""),
        ConfigText.errors(dir, config("fake_qkd_link_secret_file = \"link.secret\"\n"
            + "fake_qkd_etsi004_listen = \"127.0.0.1\"")));
    assertEquals(List.of("FILE:7:1: fake_qkd_etsi004_listen: the embedded ETSI 004 API is plain "
            + "TCP and serves loopback only, found \"192.0.2.7:25575\""),
        ConfigText.errors(dir, config("fake_qkd_link_secret_file = \"link.secret\"\n"
            + "fake_qkd_etsi004_listen = \"192.0.2.7:25575\"")));
    assertEquals(List.of("FILE:6:1: fake_qkd_etsi004_listen: ETSI 004 needs link mode: set "
            + "fake_qkd_link_secret_file (the secret both ends derive keys from)"),
        ConfigText.errors(dir, config("fake_qkd_etsi004_listen = \"127.0.0.1:25575\"")));
  }

  @Test
  void etsi004WithABb84Link_isAccepted_andDrawsFromTheLink() throws Exception {
    UkmsConfig c = ConfigText.load(dir, config("fake_qkd_link_secret_file = \"link.secret\"\n"
        + "fake_qkd_etsi004_listen = \"127.0.0.1:25575\"\nfake_qkd_link = \"bb84\"\n"
        + "fake_qkd_link_listen = \"127.0.0.1:47299\""));

    assertEquals(new InetSocketAddress("127.0.0.1", 25575), c.fakeQkd().etsi004Listen());
    assertEquals("127.0.0.1:47299", c.fakeQkd().bb84().listen());
  }

  @Test
  void aFixedKsidOnTheEmbedded004ApiOfABb84Link_isALocatedError() {
    String errors = String.join("\n", ConfigText.errors(dir, config(
        "fake_qkd_link_secret_file = \"link.secret\"\n"
        + "fake_qkd_etsi004_listen = \"127.0.0.1:25575\"\nfake_qkd_link = \"bb84\"\n"
        + "fake_qkd_link_listen = \"127.0.0.1:47299\"")
        + "ksid = \"7fb22ed2-d3f4-4eba-af85-f54046d5216e\"\n"));
    assertEquals("FILE:8:1: fake_qkd_link: peers.bob.etsi004.ksid: a KSID fixed in config is "
        + "refused by the embedded ETSI 004 API on a BB84 link (it names its own key streams); "
        + "remove ksid to agree one per stream", errors);
  }
}
