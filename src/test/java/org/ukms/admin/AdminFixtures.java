package org.ukms.admin;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ukms.config.WireGuardPeer;
import org.ukms.crypto.Fingerprint;
import org.ukms.crypto.Secret;
import org.ukms.daemon.PeerStatus;
import org.ukms.daemon.RotationStats;
import org.ukms.testing.ManualClock;

/** Made-up peer statuses, a fixed clock and a scripted wg, for the admin endpoint's tests. */
final class AdminFixtures {
  static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
  static final Duration LIFETIME = Duration.ofMinutes(10);
  static final String PUB_BOB = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
  static final byte[] PSK = new byte[32];
  static final String PSK_TEXT;
  static final String PSK_FINGERPRINT;

  static {
    for (int i = 0; i < PSK.length; i++) {
      PSK[i] = (byte) (i * 7 + 1);
    }
    PSK_TEXT = Base64.getEncoder().encodeToString(PSK);
    PSK_FINGERPRINT = Fingerprint.of(Secret.copyOf(PSK));
  }

  final ManualClock clock = new ManualClock(NOW);
  final RotationStats stats = new RotationStats();
  final List<PeerStatus> statuses = new CopyOnWriteArrayList<>();
  final Path wg;
  private final Path home;

  /** A wg that prints {@code <home>/wg-out} for {@code show IFACE preshared-keys}. */
  AdminFixtures(Path home) throws IOException {
    this.home = home;
    this.wg = home.resolve("wg");
    Files.writeString(wg, String.join("\n",
        "#!/bin/sh",
        "home=\"$(dirname \"$0\")\"",
        "if [ \"$1 $3\" != \"show preshared-keys\" ]; then echo \"bad args: $*\" >&2; exit 64; fi",
        "if [ -e \"$home/wg-fail\" ]; then",
        "  echo \"Unable to access interface: No such device\" >&2; exit 1",
        "fi",
        "cat \"$home/wg-out\"",
        ""));
    Files.setPosixFilePermissions(wg, PosixFilePermissions.fromString("rwx------"));
    wgShows(PUB_BOB + "\t" + PSK_TEXT + "\n");
  }

  void wgShows(String output) throws IOException {
    Files.writeString(home.resolve("wg-out"), output);
  }

  void wgFails() throws IOException {
    Files.writeString(home.resolve("wg-fail"), "");
  }

  AdminSource source() {
    return AdminSource.of(() -> List.copyOf(statuses), clock, stats.registry(), wg.toString());
  }

  /** A v2 peer confirmed {@code age} ago, its PSK in {@code pskFile} and on wg0. */
  static PeerStatus peer(String id, Duration age, Path pskFile, boolean wireguard) {
    return new PeerStatus(id, id, "v2", "pqc", "none", 7,
        age == null ? null : NOW.minus(age), LIFETIME, age == null ? null : PSK_FINGERPRINT, 0,
        null, NOW.plusSeconds(30), pskFile, wireguard ? new WireGuardPeer("wg0", PUB_BOB) : null,
        new RotationStats.PeerStats(Map.of(), null, null, null));
  }

  static void writePsk(Path file) throws IOException {
    Files.writeString(file, PSK_TEXT + "\n");
  }
}
