package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.ConfigLoader;
import org.ukms.crypto.Secret;
import org.ukms.sim.Etsi004Server;
import org.ukms.sim.Etsi004Store;
import org.ukms.testing.FreePorts;
import org.ukms.testing.LogCapture;
import org.ukms.testing.ManualClock;
import org.ukms.testing.ManualScheduler;

/**
 * Two daemons whose QKD devices are two linked ETSI 004 mock key managers
 * ({@code key_source = "etsi004"}, v2 qkd mode): equal PSKs through five rotations, each from a
 * new key (stream and index travel as the offer's reference), and the status names the source.
 */
class Etsi004DaemonIT {
  private static final Duration PERIOD = Duration.ofSeconds(30);
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final Map<String, Integer> ports = Map.of("alice", FreePorts.next(),
      "bob", FreePorts.next());

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  Etsi004Server km(Secret link, long seed) throws Exception {
    Etsi004Server km = Etsi004Server.start(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        Etsi004Store.linked(link, new SplittableRandom(seed)), null, 8);
    closing.add(km);
    return km;
  }

  void write(String me, String peer, int kmPort) throws Exception {
    Etsi004Nodes.write(dir, me, peer, ports, PERIOD, kmPort, List.of(), List.of());
  }

  Daemon start(String node) throws Exception {
    Daemon d = Daemon.start(ConfigLoader.load(dir.resolve(node + ".toml"), dir),
        new Environment(clock, new SplittableRandom(node.hashCode()), UUID::randomUUID, dir,
            workers -> scheduler.view()));
    closing.add(0, d);
    return d;
  }

  byte[] psk(String node, String peer) throws Exception {
    return Files.readAllBytes(dir.resolve("psk/" + node + "/" + peer + ".key"));
  }

  @Test
  void twoDaemonsOnLinkedEtsi004KeyManagers_holdEqualPsksThroughFiveRotations() throws Exception {
    AuthKeys.generate(dir.resolve("pair.key"), new SecureRandom());
    Secret link = Secret.copyOf(new SecureRandom().generateSeed(32));
    write("alice", "bob", km(link, 1).port());
    write("bob", "alice", km(link, 2).port());
    Daemon alice;
    Daemon bob;
    Set<String> psks = new HashSet<>();
    try (LogCapture logs = new LogCapture()) {
      alice = start("alice");
      bob = start("bob");
      scheduler.runDue();
      for (int i = 0; i < 5; i++) {
        assertArrayEquals(psk("alice", "bob"), psk("bob", "alice"), "rotation " + i);
        psks.add(new String(psk("alice", "bob"), java.nio.charset.StandardCharsets.US_ASCII));
        scheduler.advance(PERIOD);
      }
      assertTrue(logs.lines.stream().anyMatch(l -> l.contains("result=installed protocol=v2")
          && l.contains("mode=qkd")), String.join("\n", logs.lines));
      assertFalse(logs.lines.stream().anyMatch(l -> l.contains("result=failed")),
          String.join("\n", logs.lines));
    }

    assertEquals(5, psks.size(), "every rotation a new PSK");
    assertTrue(alice.epoch("bob") >= 5);
    assertEquals(alice.epoch("bob"), bob.epoch("alice"));
    assertEquals("etsi004", alice.statuses().get(0).keySource());
  }
}
