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

/** {@code fake_qkd_link = "bb84"} and its keys. */
class Bb84LinkConfigTest {
  @TempDir Path dir;

  @BeforeEach
  void linkSecret() throws Exception {
    Path file = Files.writeString(dir.resolve("link.secret"), "x");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  private static String withFake(String... lines) {
    return ConfigLoaderTest.GOOD.replace("enable_fake_qkd_api = true",
        "enable_fake_qkd_api = true\n" + String.join("\n", lines));
  }

  @Test
  void load_bb84_readsEveryKey() throws Exception {
    UkmsConfig c = ConfigText.load(dir, withFake("fake_qkd_link_secret_file = \"link.secret\"",
        "fake_qkd_link = \"bb84\"", "fake_qkd_link_listen = \"127.0.0.1:47201\"",
        "fake_qkd_link_connect = [\"127.0.0.1:47202\", \"[::1]:47203\"]",
        "fake_qkd_eavesdropper = true", "fake_qkd_channel_error = 0.05",
        "fake_qkd_channel_loss_db = 6", "fake_qkd_detector_efficiency = 0.5"));

    assertEquals(new Bb84LinkConfig("127.0.0.1:47201", List.of("127.0.0.1:47202",
        "[::1]:47203"), true, 0.05, 6, 0.5), c.fakeQkd().bb84());
  }

  @Test
  void load_withoutFakeQkdLink_isThePrf() throws Exception {
    assertNull(ConfigText.load(dir, withFake("fake_qkd_link_secret_file = \"link.secret\""))
        .fakeQkd().bb84());
  }

  @Test
  void load_badBb84Settings_namesEachKey() {
    assertEquals(List.of(
        "FILE:7:1: fake_qkd_link: expected \"prf\" or \"bb84\" (how linked fake KMEs agree on "
            + "keys: \"prf\" or \"bb84\"), found \"qkd\""),
        ConfigText.errors(dir, withFake("fake_qkd_link_secret_file = \"link.secret\"",
            "fake_qkd_link = \"qkd\"")).subList(0, 1));
    assertEquals(List.of(
        "FILE:8:1: fake_qkd_channel_error: must be between 0.0 and 0.5, found 0.7",
        "FILE:9:1: fake_qkd_link_connect: expected HOST:PORT with a port in 1..65535 (an "
            + "IPv6 address in brackets, e.g. [::1]:8443), found \"bob\""),
        ConfigText.errors(dir, withFake("fake_qkd_link_secret_file = \"link.secret\"",
            "fake_qkd_link = \"bb84\"", "fake_qkd_channel_error = 0.7",
            "fake_qkd_link_connect = [\"bob\"]")));
  }

  @Test
  void load_bb84KeysWithoutBb84_orBb84WithoutASecret_areErrors() {
    assertEquals(List.of("FILE:7:1: fake_qkd_eavesdropper: has no effect without "
        + "fake_qkd_link = \"bb84\""), ConfigText.errors(dir, withFake(
            "fake_qkd_link_secret_file = \"link.secret\"", "fake_qkd_eavesdropper = true")));
    assertEquals(List.of("FILE:6:1: fake_qkd_link: \"bb84\" needs fake_qkd_link_secret_file (it "
        + "authenticates the link and names the keys)"), ConfigText.errors(dir, withFake(
            "fake_qkd_link = \"bb84\"", "fake_qkd_link_listen = \"127.0.0.1:1\"")));
    assertEquals(List.of("FILE:7:1: fake_qkd_link: \"bb84\" needs fake_qkd_link_listen or "
        + "fake_qkd_link_connect"), ConfigText.errors(dir, withFake(
            "fake_qkd_link_secret_file = \"link.secret\"", "fake_qkd_link = \"bb84\"")));
  }
}
