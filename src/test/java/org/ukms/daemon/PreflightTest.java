package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.ConfigError;
import org.ukms.config.ConfigLoader;
import org.ukms.config.UkmsConfig;
import org.ukms.exec.CommandRunner;
import org.ukms.testing.FakeWg;

/** {@link Preflight}: folders writable by this user, WireGuard interfaces that exist, located. */
class PreflightTest {
  @TempDir Path dir;
  Path file;

  @BeforeEach
  void setUp() throws Exception {
    AuthKeys.generate(dir.resolve("keys/pair.key"), new SecureRandom());
    file = Files.writeString(dir.resolve("c.toml"), String.join("\n",
        "key_folder = \"psk\"",
        "state_dir = \"state\"",
        "admin_listen = \"unix:run/admin.sock\"",
        "ukms_bind = \"127.0.0.1\"",
        "ukms_port = 8100",
        "[peers.bob]",
        "mode = \"pqc\"",
        "auth_key_file = \"keys/pair.key\"",
        "ukms_url = \"http://127.0.0.1:8101\"",
        "alias = \"bob\"",
        "source_KME_ID = \"alice\"",
        "slave_SAE_ID = \"bob\"",
        "[peers.bob.wireguard]",
        "interface = \"wg7\"",
        "public_key = \"xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\"",
        ""));
  }

  UkmsConfig config() throws Exception {
    return ConfigLoader.load(file, dir);
  }

  List<String> lines(List<ConfigError> errors) {
    return errors.stream().map(Object::toString).toList();
  }

  @Test
  void skipPskFiles_unusable_eachErrorAtItsPskFileKey_withoutTheContent() throws Exception {
    Files.writeString(file, Files.readString(file).replace("[peers.bob.wireguard]", String.join(
        "\n", "protocol = \"v2\"", "[skip]", "listen = \"127.0.0.1:8443\"",
        "local_system_id = \"Alice\"", "[skip.remote_systems]", "Bob = \"bob\"",
        "[skip.encryptors.router-a]", "psk_file = \"keys/a.psk\"",
        "[skip.encryptors.router-b]", "psk_file = \"keys/b.psk\"", "psk_format = \"ascii\"",
        "[peers.bob.wireguard]")));
    Path a = Files.writeString(dir.resolve("keys/a.psk"), "not-hex-s3cret\n");
    Path b = Files.writeString(dir.resolve("keys/b.psk"), "\n");
    Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(b, PosixFilePermissions.fromString("rw-------"));

    List<String> errors = lines(SkipService.pskProblems(config()));

    assertEquals(2, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith(file + ":") && errors.get(0).contains("router-a")
        && errors.get(0).contains("psk_file"), errors.get(0));
    assertTrue(errors.get(1).contains("router-b") && errors.get(1).contains("psk_file"),
        errors.get(1));
    assertTrue(errors.stream().noneMatch(e -> e.contains("s3cret")), errors.toString());
    Files.writeString(a, "00112233445566778899aabbccddeeff\n");
    Files.writeString(b, "an ascii key 0 secret\n");
    assertEquals(List.of(), SkipService.pskProblems(config()));
  }

  @Test
  void folders_missingButCreatable_pass() throws Exception {
    assertEquals(List.of(), Preflight.folders(config(), Folders.ofThisUser()));
  }

  @Test
  void folders_notWritable_eachErrorAtItsKeyNamingTheUser() throws Exception {
    Files.createDirectories(dir.resolve("psk"));
    Set<Path> denied = Set.of(dir.resolve("psk"), dir);
    Folders asService = new Folders(p -> !denied.contains(p), "ukms");

    assertEquals(List.of(
            file + ":1:1: key_folder: \"" + dir.resolve("psk") + "\" is not writable by user ukms",
            file + ":2:1: state_dir: cannot create \"" + dir.resolve("state") + "\": \"" + dir
                + "\" is not writable by user ukms",
            file + ":3:1: admin_listen: the socket's folder: cannot create \"" + dir.resolve("run")
                + "\": \"" + dir + "\" is not writable by user ukms"),
        lines(Preflight.folders(config(), asService)));
  }

  @Test
  void folders_underAFile_cannotBeCreated() throws Exception {
    Files.writeString(dir.resolve("state"), "a file where the folder should be");

    assertEquals(List.of(file + ":2:1: state_dir: \"" + dir.resolve("state")
            + "\" is not a folder"),
        lines(Preflight.folders(config(), Folders.ofThisUser())));
    assertEquals(Optional.of("cannot create \"" + dir.resolve("state/x") + "\": \""
            + dir.resolve("state") + "\" is not a folder"),
        Folders.ofThisUser().problem(dir.resolve("state/x")));
  }

  @Test
  void folders_realPermissions_asNonRoot_unwritableIsReported() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")),
        "root may write anywhere; the injected check above covers the logic");
    Path locked = Files.createDirectories(dir.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));

    assertTrue(Folders.ofThisUser().problem(locked.resolve("state")).orElseThrow()
        .endsWith("\"" + locked + "\" is not writable by user " + System.getProperty("user.name")));
  }

  @Test
  void interfaces_missingInterface_errorAtTheInterfaceKeyWithWgsWords() throws Exception {
    FakeWg wg = new FakeWg(dir.resolve("bin"));
    WireGuardInterfaces probe = new WireGuardInterfaces(new CommandRunner(4096),
        wg.program.toString());
    assertEquals(List.of(), Preflight.interfaces(config(), probe));

    wg.removeInterface("wg7");

    assertEquals(List.of(file + ":14:1: peers.bob.wireguard.interface: interface wg7 does not "
            + "exist (wg show wg7 public-key: Unable to access interface: No such device)"),
        lines(Preflight.interfaces(config(), probe)));
  }

  @Test
  void interfaces_realWg_anInterfaceThatIsNotThere_doesNotExist() throws Exception {
    Optional<Path> wg = Optional.ofNullable(System.getenv("PATH")).stream()
        .flatMap(p -> List.of(p.split(":")).stream()).map(d -> Path.of(d, "wg"))
        .filter(Files::isExecutable).findFirst();
    assumeTrue(wg.isPresent(), "wg (wireguard-tools) is not installed");
    Files.writeString(file, Files.readString(file).replace("wg7", "ukmsnone7"));

    List<String> errors = lines(Preflight.interfaces(config(),
        new WireGuardInterfaces(new CommandRunner(4096), wg.get().toString())));

    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith(file + ":14:1: peers.bob.wireguard.interface: interface "
        + "ukmsnone7 does not exist (wg show ukmsnone7 public-key: Unable to access interface: "),
        errors.get(0));
  }
}
