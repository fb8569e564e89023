package org.ukms.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  static final String GOOD = String.join("\n",
      "key_rotation_seconds = 120",
      "key_folder = \"psk/alice\"",
      "ukms_bind = \"127.0.0.1\"",
      "ukms_port = 8101",
      "enable_fake_qkd_api = true",
      "[peers.bob]",
      "protocol = \"ukms-v1\"",
      "etsi_url = \"http://127.0.0.1:8101/\"",
      "ukms_url = \"http://127.0.0.1:8102\"",
      "alias = \"bob\"",
      "source_KME_ID = \"alice\"",
      "master_SAE_ID = \"alice\"",
      "slave_SAE_ID = \"bob\"",
      "");

  @Test
  void load_ukmsConfig_readsEveryKeyAsUkmsDefinesIt() throws Exception {
    UkmsConfig c = load(GOOD);

    assertEquals(dir.resolve("psk/alice"), c.keyFolder());
    assertEquals("127.0.0.1", c.bind());
    assertEquals(8101, c.port());
    assertEquals(true, c.fakeQkdApi());
    PeerConfig bob = c.peers().get(0);
    assertEquals("bob", bob.id());
    assertEquals("bob", bob.alias());
    assertEquals("alice", bob.sourceKmeId());
    assertEquals("alice", bob.masterSaeId());
    assertEquals("bob", bob.slaveSaeId());
    assertEquals(URI.create("http://127.0.0.1:8101"), bob.kme().url(), "trailing slash trimmed");
    assertEquals(URI.create("http://127.0.0.1:8102"), bob.ukmsUrl());
    assertEquals(Duration.ofSeconds(120), bob.rotationPeriod());
    assertEquals(Protocol.UKMS_V1, bob.protocol());
    assertEquals(EtsiMethod.GET, bob.kme().method());
    assertEquals(Duration.ofSeconds(5), bob.kme().connectTimeout());
    assertEquals(Duration.ofSeconds(10), bob.kme().readTimeout());
  }

  @Test
  void error_afterLoading_isLocatedAtTheKey_orItsTable_orTheTop() throws Exception {
    UkmsConfig c = load(GOOD);
    String file = dir.resolve("c.toml").toString();

    assertEquals(file + ":2:1: key_folder: x", c.error(List.of("key_folder"), "x").toString());
    assertEquals(file + ":10:1: peers.bob.alias: x",
        c.error(List.of("peers", "bob", "alias"), "x").toString());
    assertEquals(file + ":6:1: peers.bob.auth_key_file: x",
        c.error(List.of("peers", "bob", "auth_key_file"), "x").toString(), "a default");
    assertEquals(file + ":1:1: state_dir: x", c.error(List.of("state_dir"), "x").toString());
  }

  static final String ORIGINAL_UKMS_SHAPE = String.join("\n",
      "key_rotation_seconds = 60", "key_folder = \"./psk/hub\"", "",
      "ukms_bind = \"localhost\"", "ukms_port = 6000", "", "enable_fake_qkd_api = true", "",
      "[peers]", "", "[peers.site_a]", "etsi_url = \"http://localhost:6000\"",
      "ukms_url = \"http://localhost:6001\"", "", "alias = \"a\"", "",
      "source_KME_ID = \"site_hub\"", "", "master_SAE_ID = \"sae_hub\"",
      "slave_SAE_ID = \"sae_a\"", "");

  @Test
  void load_originalUkmsFile_withoutAProtocol_isAnErrorNamingBothFixes() {
    assertEquals(List.of("FILE:11:1: peers.site_a.auth_key_file: missing required key (v2 is "
        + "the default protocol: create a key with ukms keygen FILE and set auth_key_file = "
        + "\"FILE\" on both nodes, or set protocol = \"ukms-v1\" for an original uKMS peer)"),
        errors(ORIGINAL_UKMS_SHAPE));
  }

  @Test
  void load_originalUkmsFileShape_withProtocolUkmsV1_isAccepted() throws Exception {
    UkmsConfig c = load(ORIGINAL_UKMS_SHAPE + "protocol = \"ukms-v1\"\n");

    assertEquals(dir.resolve("./psk/hub"), c.keyFolder());
    assertEquals("site_a", c.peers().get(0).id());
    assertEquals(Duration.ofSeconds(60), c.peers().get(0).rotationPeriod());
  }

  @Test
  void load_secretFilesGroupOrOthersMayAccess_areErrorsWithTheChmod() throws Exception {
    Path link = secret("link.secret", "rw-r-----");
    Path tlsKey = secret("tls.key", "rw-----w-");
    Path auth = secret("pair.key", "rw-r--r--");
    Files.writeString(dir.resolve("tls.pem"), "public");

    assertEquals(List.of(
        "FILE:5:1: fake_qkd_link_secret_file: \"" + link + "\" is accessible by group or others "
            + "(mode 0640); a secret must be private: chmod 600 " + link,
        "FILE:7:1: etsi_key: \"" + tlsKey + "\" is accessible by group or others (mode 0602); "
            + "a secret must be private: chmod 600 " + tlsKey,
        "FILE:9:1: peers.bob.auth_key_file: \"" + auth + "\" is accessible by group or others "
            + "(mode 0644); a secret must be private: chmod 600 " + auth),
        errors(String.join("\n", "key_folder = \"psk\"", "ukms_bind = \"127.0.0.1\"",
            "ukms_port = 8101", "enable_fake_qkd_api = true",
            "fake_qkd_link_secret_file = \"link.secret\"", "etsi_cert = \"tls.pem\"",
            "etsi_key = \"tls.key\"", "[peers.bob]", "auth_key_file = \"pair.key\"",
            "etsi_url = \"https://kme.example\"", "ukms_url = \"http://127.0.0.1:8102\"",
            "alias = \"bob\"", "source_KME_ID = \"alice\"", "master_SAE_ID = \"alice\"",
            "slave_SAE_ID = \"bob\"", "")));

    for (Path p : List.of(link, tlsKey, auth)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("r--------"));
    }
    assertEquals(dir.resolve("pair.key"), load(Files.readString(dir.resolve("c.toml")))
        .peers().get(0).v2().authKeyFile(), "0400 is private too");
  }

  private Path secret(String name, String mode) throws IOException {
    Path file = Files.writeString(dir.resolve(name), "x");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  @Test
  void load_fakeQkdLinkMode_readsEveryKey() throws Exception {
    secret("link.secret", "rw-------");
    UkmsConfig c = load(GOOD.replace("enable_fake_qkd_api = true", String.join("\n",
        "enable_fake_qkd_api = true", "fake_qkd_link_secret_file = \"link.secret\"",
        "fake_qkd_kme_id = \"kme-a\"", "fake_qkd_peer_kme_id = \"kme-b\"",
        "fake_qkd_key_size = 512", "fake_qkd_max_keys = 50", "fake_qkd_max_keys_per_request = 4",
        "fake_qkd_rate = 0", "fake_qkd_key_ttl_seconds = 30", "fake_qkd_latency_ms = 5",
        "fake_qkd_unavailable_ratio = 0.25", "fake_qkd_drop_ratio = 1", "fake_qkd_allow_remote = true")));

    FakeQkdConfig f = c.fakeQkd();
    assertEquals(FakeQkdConfig.Mode.LINK, f.mode(), "a link secret makes link mode the default");
    assertEquals(dir.resolve("link.secret"), f.linkSecretFile());
    assertEquals("alice", f.saeId(), "the peers' common master_SAE_ID");
    assertEquals("kme-a", f.kmeId());
    assertEquals("kme-b", f.peerKmeId());
    assertEquals(512, f.keySizeBits());
    assertEquals(50, f.maxKeys());
    assertEquals(4, f.maxKeysPerRequest());
    assertEquals(0, f.rateBitsPerSecond());
    assertEquals(Duration.ofSeconds(30), f.keyTtl());
    assertEquals(Duration.ofMillis(5), f.latency());
    assertEquals(0.25, f.unavailableRatio());
    assertEquals(1.0, f.dropRatio());
    assertEquals(true, f.allowRemote());
  }

  @Test
  void load_fakeQkdWithoutSecret_isUkmsModeAndFakeKeysNeedTheApi() throws Exception {
    assertEquals(FakeQkdConfig.Mode.UKMS, load(GOOD).fakeQkd().mode());
    assertEquals(null, load(GOOD.replace("enable_fake_qkd_api = true",
        "enable_fake_qkd_api = false")).fakeQkd());

    assertEquals(List.of(
            "FILE:6:1: fake_qkd_mode: link mode needs fake_qkd_link_secret_file "
                + "(Base64 of 32 random bytes: head -c 32 /dev/urandom | base64)",
            "FILE:7:1: fake_qkd_drop_ratio: must be between 0 and 1, found 1.5"),
        errors(GOOD.replace("enable_fake_qkd_api = true",
            "enable_fake_qkd_api = true\nfake_qkd_mode = \"link\"\nfake_qkd_drop_ratio = 1.5")));
    assertEquals(List.of("FILE:5:1: fake_qkd_rate: has no effect without "
            + "enable_fake_qkd_api = true"),
        errors(GOOD.replace("enable_fake_qkd_api = true", "fake_qkd_rate = 5")));
  }

  @Test
  void load_perPeerOverrides_winOverGlobals() throws Exception {
    Files.writeString(dir.resolve("ca.pem"), "x");
    UkmsConfig c = load(GOOD.replace("enable_fake_qkd_api = true",
            "enable_fake_qkd_api = true\netsi_method = \"POST\"\netsi_read_timeout_seconds = 3"
                + "\netsi_cacert = \"ca.pem\"")
        + "key_rotation_seconds = 30\netsi_method = \"get\"\n");

    PeerConfig bob = c.peers().get(0);
    assertEquals(Duration.ofSeconds(30), bob.rotationPeriod());
    assertEquals(EtsiMethod.GET, bob.kme().method());
    assertEquals(Duration.ofSeconds(3), bob.kme().readTimeout());
    assertEquals(dir.resolve("ca.pem"), bob.kme().tls().caCert());
  }

  @Test
  void load_wrongTypeOnLine1AndUnknownKeyOnLine14_reportsBoth() {
    String text = GOOD.replace("key_rotation_seconds = 120", "key_rotation_seconds = \"120\"")
        + "etsi_ulr = \"x\"\n";

    assertEquals(List.of(
            "FILE:1:1: key_rotation_seconds: expected integer, found string "
                + "(seconds between rotations, e.g. 120)",
            "FILE:14:1: peers.bob.etsi_ulr: unknown key (did you mean \"etsi_url\"?)"),
        errors(text));
  }

  @Test
  void load_missingKeys_areReportedAtTheTableHeader() {
    String text = GOOD.replace("etsi_url = \"http://127.0.0.1:8101/\"\n", "")
        .replace("slave_SAE_ID = \"bob\"\n", "");

    assertEquals(List.of(
            "FILE:6:1: peers.bob.slave_SAE_ID: missing required key "
                + "(the peer's SAE ID at the KME)",
            "FILE:6:1: peers.bob.etsi_url: missing required key "
                + "(base URL of our KME, e.g. \"https://kme-a.example:8443\")"),
        errors(text));
  }

  @Test
  void load_duplicateAlias_namesTheOtherPeer() {
    String text = GOOD + "\n[peers.carol]\netsi_url = \"http://127.0.0.1:8101\"\n"
        + "ukms_url = \"http://127.0.0.1:8103\"\nalias = \"bob\"\nsource_KME_ID = \"alice\"\n"
        + "slave_SAE_ID = \"carol\"\nprotocol = \"ukms-v1\"\n";

    assertEquals(List.of("FILE:18:1: peers.carol.alias: \"bob\" is already the alias of "
        + "peers.bob (each peer needs its own PSK file)"), errors(text));
  }

  @Test
  void load_badValues_areEachReported() {
    String text = GOOD.replace("ukms_port = 8101", "ukms_port = 70000")
        .replace("key_rotation_seconds = 120", "key_rotation_seconds = 0")
        .replace("ukms_url = \"http://127.0.0.1:8102\"", "ukms_url = \"ftp://127.0.0.1:8102\"")
        .replace("etsi_url = \"http://127.0.0.1:8101/\"", "etsi_url = \"http://kme.example:80\"")
        .replace("alias = \"bob\"", "alias = \"../bob\"");

    assertEquals(List.of(
            "FILE:1:1: key_rotation_seconds: must be positive, found 0 "
                + "(seconds between rotations, e.g. 120)",
            "FILE:4:1: ukms_port: 70000 is out of range (use 1..65535)",
            "FILE:9:1: peers.bob.ukms_url: expected an http:// or https:// URL, "
                + "found \"ftp://127.0.0.1:8102\"",
            "FILE:10:1: peers.bob.alias: \"../bob\" is not a plain file name "
                + "(letters, digits, . _ -; not starting with a dot)",
            "FILE:8:1: peers.bob.etsi_url: plain http:// to a non-loopback KME is refused "
                + "(use https://, or set etsi_allow_http = true to accept an unprotected link)"),
        errors(text));
  }

  @Test
  void c01_loopbackIsRecognisedByLiteralOnly() {
    assertEquals(true, ConfigLoader.isLoopback("127.0.0.1"));
    assertEquals(true, ConfigLoader.isLoopback("127.1.2.3"));
    assertEquals(true, ConfigLoader.isLoopback("localhost"));
    assertEquals(true, ConfigLoader.isLoopback("[::1]"));
    assertEquals(false, ConfigLoader.isLoopback("10.0.0.1"));
    assertEquals(false, ConfigLoader.isLoopback("127.example.com"));
  }

  @Test
  void c01_plainHttpToRemoteKme_allowedWhenExplicitlyAccepted() throws Exception {
    UkmsConfig c = load(GOOD.replace("etsi_url = \"http://127.0.0.1:8101/\"",
        "etsi_url = \"http://kme.example\"\netsi_allow_http = true"));

    assertEquals("kme.example", c.peers().get(0).kme().url().getHost());
  }

  @Test
  void load_adminListen_defaultsToASocketInStateDir_andReadsUnixAndTcp() throws Exception {
    assertEquals(dir.resolve("state/admin.sock"), load(GOOD).adminListen().socket());
    assertEquals(dir.resolve("run/a.sock"),
        load("admin_listen = \"unix:run/a.sock\"\n" + GOOD).adminListen().socket());
    AdminListen tcp = load("admin_listen = \"127.0.0.1:9100\"\n" + GOOD).adminListen();
    assertEquals("127.0.0.1", tcp.host());
    assertEquals(9100, tcp.port());
    AdminListen v6 = load("admin_listen = \"[::1]:9101\"\n" + GOOD).adminListen();
    assertEquals("[::1]:9101", v6.toString());
    AdminListen remote = load("admin_listen = \"0.0.0.0:9100\"\n"
        + "admin_listen_allow_remote = true\n" + GOOD).adminListen();
    assertEquals("0.0.0.0", remote.host());
  }

  @Test
  void load_adminListen_remoteWithoutOptIn_orMalformed_areLocatedErrors() {
    assertEquals(List.of("FILE:1:1: admin_listen: \"0.0.0.0:9100\" is not a loopback address; "
            + "the admin endpoint has no authentication (set admin_listen_allow_remote = true "
            + "to allow it anyway)"),
        errors("admin_listen = \"0.0.0.0:9100\"\n" + GOOD));
    String expected = "expected \"unix:PATH\" or \"HOST:PORT\" with a port in 0..65535, e.g. "
        + "\"127.0.0.1:9100\" or \"[::1]:9100\"";
    assertEquals(List.of("FILE:1:1: admin_listen: " + expected + ", found \"127.0.0.1:x\""),
        errors("admin_listen = \"127.0.0.1:x\"\n" + GOOD));
    assertEquals(List.of("FILE:1:1: admin_listen: " + expected + ", found \"localhost\""),
        errors("admin_listen = \"localhost\"\n" + GOOD));
    assertEquals(1, errors("admin_listen = \"unix:/" + "x".repeat(120) + "\"\n" + GOOD).size());
  }

  @Test
  void load_certWithoutKey_andUnreadableFile_areErrors() {
    String text = GOOD + "etsi_cert = \"missing.pem\"\n";

    assertEquals(List.of(
            "FILE:14:1: peers.bob.etsi_cert: cannot read \"" + dir.resolve("missing.pem")
                + "\" (check the path and its permissions)"),
        errors(text));
  }

  @Test
  void load_certAndKeyMustComeTogether() throws IOException {
    Files.writeString(dir.resolve("c.pem"), "x");
    String text = GOOD + "etsi_cert = \"c.pem\"\n";

    assertEquals(List.of("FILE:14:1: peers.bob.etsi_cert: etsi_cert and etsi_key go together "
        + "(set both, or neither)"), errors(text));
  }

  @Test
  void load_noPeers_isAnError() {
    String text = GOOD.substring(0, GOOD.indexOf("[peers.bob]"));

    assertEquals(List.of("FILE:1:1: peers: missing required key "
        + "(one [peers.<peer_id>] table per peer)"), errors(text));
  }

  @Test
  void load_syntaxError_isLocated() {
    List<String> errors = errors("ukms_port = \n");

    assertEquals(1, errors.size());
    assertEquals("FILE:1:13: TOML syntax error: ", errors.get(0).substring(0, 30));
  }

  @Test
  void load_missingFile_isAConfigError() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(dir.resolve("nope.toml"), dir));

    assertEquals(dir.resolve("nope.toml") + ":1:1: cannot read the file (no such file or directory)",
        e.getMessage());
  }

  @Test
  void load_peerValueNotATable_isAnError() {
    String text = GOOD.replace("[peers.bob]", "peers.x = 1\n[peers.bob]");

    assertEquals(List.of("FILE:6:1: peers.x: expected table, found a plain value "
        + "(write [peers.x])"), errors(text));
  }

  @Test
  void load_controlCharactersInAKeyOrValue_areEscapedSoEachErrorIsOneLine() {
    String text = GOOD.replace("\"ukms-v1\"", "\"v\\r\\n2\"") + "\"a\\nb\" = 1\n";

    assertEquals(List.of(
        "FILE:7:1: peers.bob.protocol: expected \"ukms-v1\" or \"v2\" (the peer protocol), "
            + "found \"v\\u000d\\n2\"",
        "FILE:14:1: peers.bob.\"a\\nb\": unknown key (see docs/configuration.md)"),
        errors(text));
  }

  @Test
  void load_badEscapeInATableHeader_isALocatedSyntaxError() {
    assertEquals(List.of("FILE:1:3: TOML syntax error: Invalid unicode escape sequence"),
        errors("[\"\\uon\"]\n"));
  }

  @Test
  void load_aNulCharacterInAPath_isAnError() {
    String text = GOOD.replace("\"psk/alice\"", "\"psk\\u0000\"");

    assertEquals(List.of("FILE:2:1: key_folder: not a usable path (Nul character not allowed)"),
        errors(text));
  }

  @Test
  void load_secondsBeyondAboutThirtyYears_areAnError() {
    String text = GOOD.replace("key_rotation_seconds = 120",
        "key_rotation_seconds = 9223372036854775807");

    assertEquals(List.of("FILE:1:1: key_rotation_seconds: must be at most 1000000000 (about 31 "
        + "years), found 9223372036854775807"), errors(text));
  }

  @Test
  void load_aValueTheTomlParserChokesOn_isASyntaxError() {
    assertEquals(List.of("FILE:1:1: TOML syntax error somewhere in the file (the TOML parser "
        + "failed with NullPointerException)"), errors("a = 1979-05-27T07:32:05-2d\n"));
  }

  private UkmsConfig load(String text) throws Exception {
    return ConfigText.load(dir, text);
  }

  private List<String> errors(String text) {
    return ConfigText.errors(dir, text);
  }
}
