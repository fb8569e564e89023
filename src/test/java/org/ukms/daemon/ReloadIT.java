package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.ConfigLoader;
import org.ukms.testing.FreePorts;
import org.ukms.testing.LogCapture;
import org.ukms.testing.ManualClock;
import org.ukms.testing.ManualScheduler;

/**
 * Reload between three in-process daemons (bob is the hub) with real HTTP, a manual clock and one
 * manual scheduler: peers added, removed and changed, and a broken file refused.
 */
class ReloadIT {
  private static final Duration PERIOD = Duration.ofSeconds(30);
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final List<Daemon> daemons = new ArrayList<>();
  private final Map<String, Integer> ports = Map.of("alice", FreePorts.next(),
      "bob", FreePorts.next(), "carol", FreePorts.next(), "dave", FreePorts.next());

  @BeforeEach
  void keys() throws Exception {
    AuthKeys.generate(dir.resolve("alice-bob.key"), new SecureRandom());
    AuthKeys.generate(dir.resolve("bob-carol.key"), new SecureRandom());
    AuthKeys.generate(dir.resolve("bob-dave.key"), new SecureRandom());
  }

  @AfterEach
  void stop() {
    daemons.forEach(Daemon::close);
  }

  /** {@code me}'s file with a v2 pqc peer table for each of {@code peers}. */
  void write(String me, String extraPeerLine, String... peers) throws Exception {
    StringBuilder text = new StringBuilder(String.join("\n",
        "key_rotation_seconds = " + PERIOD.toSeconds(),
        "key_folder = \"psk/" + me + "\"",
        "state_dir = \"state/" + me + "\"",
        "ukms_bind = \"127.0.0.1\"",
        "ukms_port = " + ports.get(me), ""));
    for (String peer : peers) {
      String key = me.compareTo(peer) < 0 ? me + "-" + peer : peer + "-" + me;
      text.append(String.join("\n",
          "[peers." + peer + "]",
          "mode = \"pqc\"",
          "auth_key_file = \"" + key + ".key\"",
          "ukms_url = \"http://127.0.0.1:" + ports.get(peer) + "\"",
          "alias = \"" + peer + "\"",
          "source_KME_ID = \"" + me + "\"",
          "slave_SAE_ID = \"" + peer + "\"",
          extraPeerLine, ""));
    }
    Files.writeString(dir.resolve(me + ".toml"), text);
  }

  Daemon start(String node) throws Exception {
    Daemon d = Daemon.start(ConfigLoader.load(dir.resolve(node + ".toml"), dir), env(node));
    daemons.add(d);
    return d;
  }

  Environment env(String node) {
    return new Environment(clock, new SplittableRandom(node.hashCode()), UUID::randomUUID, dir,
        workers -> scheduler.view());
  }

  ConfigReloader reloader(Daemon d, String node) {
    return new ConfigReloader(d, dir.resolve(node + ".toml"), dir, Map.of(), "wg");
  }

  byte[] psk(String node, String peer) throws Exception {
    return Files.readAllBytes(dir.resolve("psk/" + node + "/" + peer + ".key"));
  }

  PeerStatus status(Daemon d, String peer) {
    return d.statuses().stream().filter(s -> s.peer().equals(peer)).findFirst().orElseThrow();
  }

  @Test
  void sighupAddingAThirdPeerToTheHub_startsItsPair_andLeavesTheTwoOthersAlone()
      throws Exception {
    write("alice", "", "bob");
    write("bob", "", "alice", "carol");
    write("carol", "", "bob");
    write("dave", "", "bob");
    Daemon alice = start("alice");
    Daemon bob = start("bob");
    Daemon carol = start("carol");
    Daemon dave = start("dave");
    scheduler.runDue();
    Map<String, Long> epochs = Map.of("alice", bob.epoch("alice"), "carol", bob.epoch("carol"));
    Map<String, byte[]> psks = Map.of("alice", psk("bob", "alice"), "carol", psk("bob", "carol"));
    Map<String, Instant> confirmed = Map.of("alice", status(bob, "alice").lastConfirmed(),
        "carol", status(bob, "carol").lastConfirmed());
    assertTrue(epochs.get("alice") >= 1 && epochs.get("carol") >= 1);
    assertEquals(0, dave.epoch("bob"), "bob does not know dave yet");

    write("bob", "", "alice", "carol", "dave");
    Optional<Reload.Result> result = reloader(bob, "bob").reload();
    scheduler.runDue();

    assertEquals(List.of("dave"), result.orElseThrow().added());
    assertEquals(List.of("alice", "carol"), result.orElseThrow().unchanged());
    assertTrue(dave.epoch("bob") >= 1, "the new pair rotated");
    assertEquals(bob.epoch("dave"), dave.epoch("bob"));
    assertArrayEquals(psk("bob", "dave"), psk("dave", "bob"));
    for (String peer : List.of("alice", "carol")) {
      assertEquals(epochs.get(peer), bob.epoch(peer), "no extra rotation of " + peer);
      assertArrayEquals(psks.get(peer), psk("bob", peer));
      assertEquals(confirmed.get(peer), status(bob, peer).lastConfirmed());
    }
    assertEquals(epochs.get("alice"), alice.epoch("bob"));
    assertEquals(epochs.get("carol"), carol.epoch("bob"));
    assertEquals(List.of("alice", "carol", "dave"),
        bob.statuses().stream().map(PeerStatus::peer).toList());
  }

  @Test
  void sighupWithABrokenFile_keepsEveryPeerRunning_andLogsTheLocatedError() throws Exception {
    write("alice", "", "bob");
    write("bob", "", "alice");
    Daemon alice = start("alice");
    Daemon bob = start("bob");
    scheduler.runDue();
    long epoch = bob.epoch("alice");
    Files.writeString(dir.resolve("bob.toml"), "\nukms_port = \"eighty\"\n[peers.x]\n",
        java.nio.file.StandardOpenOption.APPEND);

    try (LogCapture logs = new LogCapture()) {
      assertTrue(reloader(bob, "bob").reload().isEmpty());
      assertTrue(logs.lines.stream().anyMatch(l -> l.contains("event=reload_refused")
          && l.contains(dir.resolve("bob.toml") + ":")), String.join("\n", logs.lines));
    }
    scheduler.advance(PERIOD.multipliedBy(2));

    assertTrue(bob.epoch("alice") > epoch, "the pair keeps rotating on the old configuration");
    assertEquals(alice.epoch("bob"), bob.epoch("alice"));
  }

  @Test
  void sighupRemovingAPeer_stopsIt_leavingItsPskFile() throws Exception {
    write("alice", "", "bob");
    write("bob", "", "alice", "carol");
    write("carol", "", "bob");
    start("alice");
    Daemon bob = start("bob");
    Daemon carol = start("carol");
    scheduler.runDue();
    byte[] kept = psk("bob", "carol");
    long carolEpoch = bob.epoch("carol");

    write("bob", "", "alice");
    Reload.Result result = reloader(bob, "bob").reload().orElseThrow();
    scheduler.advance(PERIOD.multipliedBy(2));

    assertEquals(List.of("carol"), result.removed());
    assertEquals(List.of("alice"), bob.statuses().stream().map(PeerStatus::peer).toList());
    assertArrayEquals(kept, psk("bob", "carol"), "the removed peer's PSK stays");
    assertEquals(-1, bob.epoch("carol"));
    assertEquals(carolEpoch, carol.epoch("bob"), "carol's rounds towards bob now fail");
    assertTrue(status(carol, "bob").consecutiveFailures() > 0);
  }

  @Test
  void sighupChangingAPeer_restartsItFromItsSavedChain() throws Exception {
    write("alice", "", "bob");
    write("bob", "", "alice");
    Daemon alice = start("alice");
    Daemon bob = start("bob");
    scheduler.runDue();
    long epoch = bob.epoch("alice");

    write("bob", "psk_lifetime_seconds = 3600", "alice");
    Reload.Result result = reloader(bob, "bob").reload().orElseThrow();

    assertEquals(List.of("alice"), result.changed());
    assertEquals(epoch, bob.epoch("alice"), "the chain was resumed, not reset");
    assertEquals(Duration.ofHours(1), status(bob, "alice").lifetime());
    scheduler.advance(PERIOD.multipliedBy(2));
    assertTrue(bob.epoch("alice") > epoch);
    assertEquals(alice.epoch("bob"), bob.epoch("alice"));
    assertArrayEquals(psk("alice", "bob"), psk("bob", "alice"));
  }

  @Test
  void reloadChangingThePort_keepsTheRunningPort_andSaysItNeedsARestart() throws Exception {
    write("alice", "", "bob");
    Daemon alice = start("alice");
    int port = alice.port();
    Files.writeString(dir.resolve("alice.toml"), Files.readString(dir.resolve("alice.toml"))
        .replace("ukms_port = " + port, "ukms_port = " + (port + 1)));

    Reload.Result result = reloader(alice, "alice").reload().orElseThrow();

    assertEquals(1, result.needRestart().size());
    assertTrue(result.needRestart().get(0).startsWith("ukms_port"), result.needRestart().get(0));
    assertEquals(port, alice.port());
    assertEquals(port, alice.config().port());
    assertNotEquals(List.of(), result.unchanged());
  }
}
