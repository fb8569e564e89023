package org.ukms.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.core.V2Schedule;

/**
 * The keys whose value is one of a few names ({@link TableReader#choice}): a bad value is one
 * located line that lists every valid name; names match in any case.
 */
class ConfigChoicesTest {
  static final String GOOD = ConfigLoaderTest.GOOD;
  @TempDir Path dir;

  @Test
  void load_unknownProtocolAndMethod_listTheSupportedValues() {
    String text = GOOD.replace("protocol = \"ukms-v1\"", "protocol = \"v3\"")
        + "etsi_method = \"PUT\"\n";

    assertEquals(List.of(
            "FILE:7:1: peers.bob.protocol: expected \"ukms-v1\" or \"v2\" (the peer protocol), "
                + "found \"v3\"",
            "FILE:14:1: peers.bob.etsi_method: expected \"GET\" or \"POST\" (the form of key "
                + "requests), found \"PUT\""),
        errors(text));
  }

  @Test
  void load_pskFileNames_defaultsToUkms_andAcceptsUkmsV1() throws Exception {
    assertEquals(PskFileNames.UKMS, load(GOOD).pskFileNames());
    assertEquals(PskFileNames.UKMS, load("psk_file_names = \"ukms\"\n" + GOOD).pskFileNames());
    UkmsConfig v1 = load("psk_file_names = \"ukms-v1\"\n" + GOOD);

    assertEquals(PskFileNames.UKMS_V1, v1.pskFileNames());
    assertEquals("wg2-bob.key", v1.pskFileNames().fileName("bob"));
    assertEquals("bob.key", PskFileNames.UKMS.fileName("bob"));
  }

  @Test
  void load_unknownPskFileNames_isLocatedAndListsTheChoices() {
    String text = GOOD.replace("ukms_port = 8101", "ukms_port = 8101\npsk_file_names = \"wg2\"");

    assertEquals(List.of(
            "FILE:5:1: psk_file_names: expected \"ukms\" or \"ukms-v1\" (\"ukms\" writes "
                + "<alias>.key, \"ukms-v1\" wg2-<alias>.key as uKMS does), found \"wg2\""),
        errors(text));
  }

  @Test
  void c04_kmeIdSettings_areReadAndValidated() throws Exception {
    UkmsConfig c = load(GOOD.replace("etsi_url = \"http://127.0.0.1:8101/\"",
        "etsi_url = \"https://kme-a.example\"\netsi_kme_id = \"kme-a\"\n"
            + "etsi_kme_id_field = \"san-dns\""));

    assertEquals("kme-a", c.peers().get(0).kme().kmeId());
    assertEquals("san-dns", c.peers().get(0).kme().kmeIdField());
    assertEquals(List.of(
            "FILE:15:1: peers.bob.etsi_kme_id_field: expected \"cn\", \"san-uri\", "
                + "\"san-dns\" or \"serial\" (where the KME's certificate carries its ID), "
                + "found \"subject\"",
            "FILE:8:1: peers.bob.etsi_url: etsi_kme_id needs an https:// KME (the ID is read "
                + "from its certificate)"),
        errors(GOOD + "etsi_kme_id = \"kme-a\"\netsi_kme_id_field = \"subject\"\n"));
  }

  @Test
  void load_badV2ModeOnExpiryAndFakeQkdMode_eachListsItsChoicesAtTheKey() throws Exception {
    String text = v2("mode = \"quantum\"\non_expiry = \"erase\"")
        .replace("enable_fake_qkd_api = true", "enable_fake_qkd_api = true\n"
            + "fake_qkd_mode = \"remote\"");

    assertEquals(List.of(
            "FILE:6:1: fake_qkd_mode: expected \"link\" or \"ukms\" (where the fake KME's keys "
                + "come from), found \"remote\"",
            "FILE:10:1: peers.bob.mode: expected \"qkd\", \"pqc\" or \"hybrid\" (where the PSK "
                + "material comes from), found \"quantum\"",
            "FILE:11:1: peers.bob.on_expiry: expected \"random\" or \"keep\" (what replaces an "
                + "expired PSK), found \"erase\""),
        errors(text));
  }

  @Test
  void load_choicesInAnotherCase_areAccepted() throws Exception {
    UkmsConfig c = load(v2("mode = \"PQC\"\non_expiry = \"Keep\"\netsi_method = \"post\""));

    assertEquals(V2Schedule.Mode.PQC, c.peers().get(0).v2().mode());
    assertEquals(true, c.peers().get(0).v2().keepOnExpiry());
    assertEquals(EtsiMethod.POST, c.peers().get(0).kme().method());
  }

  /** GOOD as a v2 peer with a private auth key, plus {@code extra} lines in its table. */
  private String v2(String extra) throws Exception {
    Path key = dir.resolve("pair.key");
    Files.writeString(key, "A".repeat(43) + "=\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    return GOOD.replace("protocol = \"ukms-v1\"", "protocol = \"v2\"\nauth_key_file = \"pair.key\"\n"
        + extra);
  }

  private UkmsConfig load(String text) throws Exception {
    return ConfigText.load(dir, text);
  }

  private List<String> errors(String text) {
    return ConfigText.errors(dir, text);
  }
}
