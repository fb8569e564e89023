package org.ukms.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys of the WireGuard issue: wireguard tables, on_rotate, optional key_folder, credentials. */
class OutputsConfigTest {
  static final String PUB = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
  @TempDir Path dir;
  Path hook;

  @BeforeEach
  void hookProgram() throws Exception {
    hook = dir.resolve("hook.sh");
    Files.writeString(hook, "#!/bin/sh\n");
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private String config(String top, String peer) {
    return String.join("\n",
        "key_rotation_seconds = 30",
        top,
        "ukms_bind = \"127.0.0.1\"",
        "ukms_port = 8101",
        "[peers.bob]",
        "protocol = \"ukms-v1\"",
        "etsi_url = \"http://127.0.0.1:8101\"",
        "ukms_url = \"http://127.0.0.1:8102\"",
        "alias = \"bob\"",
        "source_KME_ID = \"alice\"",
        "slave_SAE_ID = \"bob\"",
        peer,
        "");
  }

  @Test
  void wireguardTable_isReadPerPeer() throws Exception {
    PeerConfig bob = load(config("key_folder = \"psk\"",
        "[peers.bob.wireguard]\ninterface = \"wg0\"\npublic_key = \"" + PUB + "\"")).peers().get(0);

    assertEquals(new WireGuardPeer("wg0", PUB), bob.outputs().wireguard());
    assertNull(bob.outputs().onRotate());
  }

  @Test
  void wireguardTable_badValuesAndUnknownKeys_areLocatedErrors() {
    List<String> errors = errors(config("key_folder = \"psk\"",
        "[peers.bob.wireguard]\ninterface = \"wg0/../x\"\npublic_key = \"abc\"\npublic_keys = 1"));

    assertEquals(List.of(
        "FILE:13:1: peers.bob.wireguard.interface: \"wg0/../x\" is not an interface name "
            + "(1 to 15 of letters, digits and _ = + . -)",
        "FILE:14:1: peers.bob.wireguard.public_key: not a WireGuard key (44 Base64 characters "
            + "encoding 32 bytes, as wg pubkey prints)",
        "FILE:15:1: peers.bob.wireguard.public_keys: unknown key (did you mean \"public_key\"?)"),
        errors);
  }

  @Test
  void wireguardKey_withNonZeroUnusedBits_isRejected() {
    String lastCharOff = PUB.substring(0, 42) + "h=";

    assertEquals(1, errors(config("key_folder = \"psk\"", "[peers.bob.wireguard]\ninterface = "
        + "\"wg0\"\npublic_key = \"" + lastCharOff + "\"")).size());
  }

  @Test
  void keyFolder_mayBeLeftOut_onlyWhenEveryPeerHasWireguard() throws Exception {
    UkmsConfig ok = load(config("", "[peers.bob.wireguard]\ninterface = \"wg0\"\n"
        + "public_key = \"" + PUB + "\""));
    assertNull(ok.keyFolder());

    assertEquals(List.of("FILE:1:1: key_folder: missing required key (folder for the PSK files, "
        + "e.g. \"/var/lib/ukms/psk\"; it may be left out only when every peer has a "
        + "[peers.<id>.wireguard] table, and peers.bob has none)"), errors(config("", "")));
  }

  @Test
  void onRotate_globalIsInherited_peerReplacesIt_emptyTurnsItOff() throws Exception {
    String global = "key_folder = \"psk\"\non_rotate = [\"" + hook + "\", \"global\"]\n"
        + "on_rotate_timeout_seconds = 3";

    RotateHook inherited = load(config(global, "")).peers().get(0).outputs().onRotate();
    RotateHook own = load(config(global, "on_rotate = [\"" + hook + "\", \"mine\"]"))
        .peers().get(0).outputs().onRotate();
    RotateHook off = load(config(global, "on_rotate = []")).peers().get(0).outputs().onRotate();
    RotateHook defaults = load(config("key_folder = \"psk\"", "on_rotate = [\"" + hook + "\"]"))
        .peers().get(0).outputs().onRotate();

    assertEquals(new RotateHook(List.of(hook.toString(), "global"), Duration.ofSeconds(3)),
        inherited);
    assertEquals(new RotateHook(List.of(hook.toString(), "mine"), Duration.ofSeconds(3)), own);
    assertNull(off);
    assertEquals(RotateHook.DEFAULT_TIMEOUT, defaults.timeout());
  }

  @Test
  void onRotate_mustBeAnAbsoluteExecutableStringList() {
    assertEquals(List.of("FILE:12:1: peers.bob.on_rotate: the command must be an absolute path "
        + "(no shell and no PATH search), found \"logger\""),
        errors(config("key_folder = \"psk\"", "on_rotate = [\"logger\", \"rotated\"]")));
    assertEquals(List.of("FILE:12:1: peers.bob.on_rotate: \"" + dir.resolve("none")
        + "\" is not an executable file"),
        errors(config("key_folder = \"psk\"", "on_rotate = [\"" + dir.resolve("none") + "\"]")));
    assertEquals(List.of("FILE:12:1: peers.bob.on_rotate: element 2 is integer, expected string "
        + "(a command and its arguments, e.g. [\"/usr/local/bin/psk-changed\", \"wg0\"])"),
        errors(config("key_folder = \"psk\"", "on_rotate = [\"" + hook + "\", 5]")));
  }

  @Test
  void secretPaths_underSystemd_readTheCredentialThatStandsForTheFile() throws Exception {
    Path credentials = Files.createDirectories(dir.resolve("creds"));
    Files.writeString(credentials.resolve("ukms_pair.key"), "x");
    Map<String, String> env = Map.of("CREDENTIALS_DIRECTORY", credentials.toString(),
        "UKMS_CREDENTIALS", "ukms:/etc/ukms/keys");
    SecretPaths paths = SecretPaths.from(env);

    assertEquals(credentials.resolve("ukms_pair.key"), paths.resolve(Path.of("/etc/ukms/keys/pair.key")));
    assertEquals(Path.of("/etc/ukms/keys/other.key"), paths.resolve(Path.of("/etc/ukms/keys/other.key")),
        "no such credential: the path as written");
    assertEquals(Path.of("/etc/ukms/keys/sub/pair.key"),
        paths.resolve(Path.of("/etc/ukms/keys/sub/pair.key")), "only files directly in the folder");
    assertEquals(Path.of("/etc/ukms/keys/pair.key"), SecretPaths.from(Map.of(
        "UKMS_CREDENTIALS", "ukms:/etc/ukms/keys")).resolve(Path.of("/etc/ukms/keys/pair.key")),
        "outside systemd: the path as written");
  }

  @Test
  void authKeyFile_underSystemd_isLoadedFromTheCredential() throws Exception {
    Path credentials = Files.createDirectories(dir.resolve("creds"));
    Files.writeString(credentials.resolve("ukms_pair.key"), "x");
    // systemd grants the service read access by an ACL, which shows as group bits: accepted.
    Files.setPosixFilePermissions(credentials.resolve("ukms_pair.key"),
        java.nio.file.attribute.PosixFilePermissions.fromString("r--r-----"));
    String text = config("key_folder = \"psk\"", "").replace("protocol = \"ukms-v1\"",
        "auth_key_file = \"/etc/ukms/keys/pair.key\"");
    Path file = dir.resolve("c.toml");
    Files.writeString(file, text);

    UkmsConfig c = ConfigLoader.load(file, dir, Map.of("CREDENTIALS_DIRECTORY",
        credentials.toString(), "UKMS_CREDENTIALS", "ukms:/etc/ukms/keys"));

    assertEquals(credentials.resolve("ukms_pair.key"), c.peers().get(0).v2().authKeyFile());
  }

  private UkmsConfig load(String text) throws Exception {
    return ConfigText.load(dir, text);
  }

  private List<String> errors(String text) {
    return ConfigText.errors(dir, text);
  }
}
