package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.ConfigException;
import org.ukms.config.ConfigLoader;
import org.ukms.config.UkmsConfig;
import org.ukms.testing.FreePorts;
import org.ukms.testing.ManualClock;
import org.ukms.testing.ManualScheduler;

/**
 * The embedded fake QKD API fails to start: the daemon does not start, and says which key of the
 * file is to blame, located, as for any other configuration error.
 */
class FakeQkdStartErrorsIT {
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final ManualScheduler scheduler = new ManualScheduler(clock);

  private Path config(String secret, String... fakeLines) throws Exception {
    Path file = Files.writeString(dir.resolve("link.secret"), secret);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    AuthKeys.generate(dir.resolve("pair.key"), new SecureRandom());
    int port = FreePorts.next();
    return Files.writeString(dir.resolve("alice.toml"), String.join("\n",
        "ukms_bind = \"127.0.0.1\"",
        "ukms_port = " + port,
        "state_dir = \"state\"",
        "key_folder = \"psk\"",
        "enable_fake_qkd_api = true",
        "fake_qkd_link_secret_file = \"link.secret\"",
        String.join("\n", fakeLines),
        "[peers.bob]",
        "auth_key_file = \"pair.key\"",
        "etsi_url = \"http://127.0.0.1:" + port + "\"",
        "ukms_url = \"http://127.0.0.1:" + FreePorts.next() + "\"",
        "alias = \"bob\"",
        "source_KME_ID = \"alice\"",
        "master_SAE_ID = \"alice\"",
        "slave_SAE_ID = \"bob\"", ""));
  }

  private String startError(Path file) throws Exception {
    Environment env = new Environment(clock, new SplittableRandom(1), UUID::randomUUID, dir,
        workers -> scheduler.view());
    UkmsConfig loaded = ConfigLoader.load(file, dir); // a valid file: the failure is at start
    ConfigException e = assertThrows(ConfigException.class,
        () -> Daemon.start(loaded, env).close());
    assertEquals(1, e.errors().size(), e.errors().toString());
    return e.errors().get(0).toString();
  }

  @Test
  void aLinkSecretThatIsNotBase64_isAnErrorAtItsKey() throws Exception {
    String error = startError(config("not base64 at all!\n"));

    assertTrue(error.startsWith(dir.resolve("alice.toml") + ":6:1: fake_qkd_link_secret_file: "),
        error);
    assertTrue(error.contains("not Base64"), error);
  }

  @Test
  void aBb84ListenPortThatIsTaken_isAnErrorAtTheListenKey() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      String error = startError(config(Base64.getEncoder().encodeToString(
          new SecureRandom().generateSeed(32)) + "\n", "fake_qkd_link = \"bb84\"",
          "fake_qkd_link_listen = \"127.0.0.1:" + taken.getLocalPort() + "\""));

      assertTrue(error.startsWith(dir.resolve("alice.toml") + ":8:1: fake_qkd_link_listen: "
          + "cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": "), error);
    }
  }
}
