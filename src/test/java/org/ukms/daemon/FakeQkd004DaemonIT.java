package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.ConfigLoader;
import org.ukms.testing.FreePorts;
import org.ukms.testing.LogCapture;
import org.ukms.testing.ManualClock;
import org.ukms.testing.ManualScheduler;

/**
 * Two daemons whose ETSI 004 key managers are their own embedded fake QKD APIs
 * ({@code enable_fake_qkd_api = true} with {@code fake_qkd_etsi004_listen}, the same link secret
 * at both nodes): equal PSKs through five rotations, each from a new key; then, with a KSID fixed
 * in config, the same again across a restart of one node.
 */
class FakeQkd004DaemonIT {
  private static final Duration PERIOD = Duration.ofSeconds(30);
  private static final Pattern INITIATED_BY_ALICE = Pattern.compile(
      "peer=bob result=installed protocol=v2 role=initiator .* key_id=[0-9a-f-]+:(\\d+)");
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final Map<String, Integer> ports = Map.of("alice", FreePorts.next(),
      "bob", FreePorts.next());
  private final Map<String, Integer> kmPorts = Map.of("alice", FreePorts.next(),
      "bob", FreePorts.next());

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  void write(String me, String peer, String ksidLine) throws Exception {
    Etsi004Nodes.write(dir, me, peer, ports, PERIOD, kmPorts.get(me),
        Etsi004Nodes.fakeQkd004(me, kmPorts.get(me)), List.of(ksidLine));
  }

  void setUp(String ksidLine) throws Exception {
    AuthKeys.generate(dir.resolve("pair.key"), new SecureRandom());
    Path secret = dir.resolve("link.secret");
    Files.writeString(secret, Base64.getEncoder().encodeToString(
        new SecureRandom().generateSeed(32)) + "\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    write("alice", "bob", ksidLine);
    write("bob", "alice", ksidLine);
  }

  Daemon start(String node) throws Exception {
    Daemon d = Daemon.start(ConfigLoader.load(dir.resolve(node + ".toml"), dir),
        new Environment(clock, new SplittableRandom(node.hashCode()), UUID::randomUUID, dir,
            workers -> scheduler.view()));
    closing.add(0, d);
    return d;
  }

  String psk(String node, String peer) throws Exception {
    return Files.readString(dir.resolve("psk/" + node + "/" + peer + ".key"),
        StandardCharsets.US_ASCII);
  }

  /** Runs {@code n} rotations; every one must leave both nodes with the same, new PSK. */
  void rotate(int n, Set<String> psks) throws Exception {
    for (int i = 0; i < n; i++) {
      assertArrayEquals(psk("alice", "bob").getBytes(), psk("bob", "alice").getBytes(),
          "rotation " + i);
      assertTrue(psks.add(psk("alice", "bob")), "rotation " + i + " repeated a PSK");
      scheduler.advance(PERIOD);
    }
  }

  @Test
  void twoDaemonsOnTheirEmbeddedFakeQkd004_holdEqualPsksThroughFiveRotations()
      throws Exception {
    setUp("");
    Set<String> psks = new HashSet<>();
    Daemon alice;
    try (LogCapture logs = new LogCapture()) {
      alice = start("alice");
      Daemon bob = start("bob");
      scheduler.runDue();
      rotate(5, psks);
      assertEquals(alice.epoch("bob"), bob.epoch("alice"));
      assertFalse(logs.lines.stream().anyMatch(l -> l.contains("result=failed")),
          String.join("\n", logs.lines));
    }
    assertTrue(alice.epoch("bob") >= 5);
    assertEquals("etsi004", alice.statuses().get(0).keySource());
    assertTrue(Files.readString(dir.resolve("state/alice/bob.etsi004"))
        .startsWith("ukms-etsi004-stream 1\n"), "the initiator's stream is persisted");
  }

  @Test
  void aFixedKsid_onTheEmbeddedFakeQkd004_keepsAgreeingAcrossARestart() throws Exception {
    setUp("ksid = \"7fb22ed2-d3f4-4eba-af85-f54046d5216e\"");
    Set<String> psks = new HashSet<>();
    Daemon alice = start("alice");
    start("bob");
    scheduler.runDue();
    rotate(3, psks);
    closing.remove(alice);
    alice.close();

    long before = alice.epoch("bob");

    // Bob's pooled connection to the old alice may fail once; the chain then catches up.
    Path fixedState = dir.resolve("state/alice/bob.etsi004-fixed");
    long reserved = Long.parseLong(Files.readString(fixedState).trim().split("[ \n]")[3]);
    Daemon again;
    List<Long> aliceIndices = new ArrayList<>();
    try (LogCapture logs = new LogCapture()) {
      again = start("alice");
      scheduler.runDue();
      for (int i = 0; i < 6; i++) {
        scheduler.advance(PERIOD);
      }
      Matcher m = INITIATED_BY_ALICE.matcher(String.join("\n", logs.lines));
      while (m.find()) {
        aliceIndices.add(Long.parseLong(m.group(1)));
      }
    }

    assertFalse(aliceIndices.isEmpty());
    for (long index : aliceIndices) {
      assertTrue(index >= reserved && index % 2 == 0, "alice's index " + index
          + " after the restart: even and at least the reservation " + reserved);
    }

    assertEquals(psk("alice", "bob"), psk("bob", "alice"));
    assertTrue(psks.add(psk("alice", "bob")), "a new PSK after the restart");
    assertTrue(again.epoch("bob") >= before + 3, "rotations continue after the restart");
    assertTrue(Files.readString(fixedState).contains("7fb22ed2-d3f4-4eba-af85-f54046d5216e "));
  }

  @Test
  void aTakenEtsi004Port_failsTheStart_namingTheKey() throws Exception {
    setUp("");
    try (java.net.ServerSocket taken = new java.net.ServerSocket(kmPorts.get("alice"), 1,
        java.net.InetAddress.getLoopbackAddress())) {
      assertTrue(taken.isBound());
      java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(
          java.io.IOException.class, () -> start("alice"));

      assertTrue(e.getMessage().startsWith("cannot serve the embedded ETSI 004 API on "
          + "/127.0.0.1:" + kmPorts.get("alice") + " (fake_qkd_etsi004_listen): "), e.getMessage());
    }
  }

  @Test
  void aChangedEtsi004Listen_isNamedAsNeedingARestart() throws Exception {
    setUp("");
    org.ukms.config.UkmsConfig running = ConfigLoader.load(dir.resolve("alice.toml"), dir);
    Files.writeString(dir.resolve("alice.toml"), Files.readString(dir.resolve("alice.toml"))
        .replace("fake_qkd_etsi004_listen = \"127.0.0.1:" + kmPorts.get("alice"),
            "fake_qkd_etsi004_listen = \"127.0.0.1:1"));

    Reload.Plan plan = Reload.plan(running, ConfigLoader.load(dir.resolve("alice.toml"), dir));

    assertEquals(1, plan.needRestart().size(), plan.needRestart().toString());
    assertTrue(plan.needRestart().get(0).startsWith("fake_qkd_etsi004_listen (running "));
  }
}
