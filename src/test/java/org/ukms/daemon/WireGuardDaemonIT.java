package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.ConfigLoader;
import org.ukms.testing.AwaitFile;
import org.ukms.testing.FakeWg;
import org.ukms.testing.FreePorts;
import org.ukms.testing.LogCapture;
import org.ukms.testing.ManualClock;
import org.ukms.testing.ManualScheduler;

/**
 * Two in-process v2 daemons whose PSKs go to WireGuard through a recording {@code wg}: the
 * initial PSK before the peer API listens, every confirmed rotation after, the hook, and the
 * daemon's behaviour when {@code wg} fails.
 */
class WireGuardDaemonIT {
  static final String ALICE_PUB = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
  static final String BOB_PUB = "TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=";
  @TempDir Path dir;
  final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  final ManualScheduler scheduler = new ManualScheduler(clock);
  final List<Daemon> daemons = new ArrayList<>();
  FakeWg aliceWg;
  FakeWg bobWg;
  int portA;
  int portB;

  @BeforeEach
  void setUp() throws Exception {
    portA = FreePorts.next();
    portB = FreePorts.next();
    aliceWg = new FakeWg(dir.resolve("wg-alice"));
    bobWg = new FakeWg(dir.resolve("wg-bob"));
    AuthKeys.generate(dir.resolve("pair.key"), new SecureRandom());
    Path hook = dir.resolve("hook.sh");
    Files.writeString(hook, "#!/bin/sh\nenv | grep '^UKMS_' | sort > \"$1/hook.$UKMS_EPOCH\"\n");
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
    write("alice", "bob", portA, portB, BOB_PUB, "key_folder = \"psk/alice\"",
        "on_rotate = [\"" + hook + "\", \"" + dir + "\"]");
    write("bob", "alice", portB, portA, ALICE_PUB, "", "");
  }

  @AfterEach
  void stop() {
    daemons.forEach(Daemon::close);
  }

  void write(String me, String peer, int mine, int theirs, String pub, String top,
      String peerExtra) throws Exception {
    Files.writeString(dir.resolve(me + ".toml"), String.join("\n", top,
        "key_rotation_seconds = 30",
        "state_dir = \"state/" + me + "\"",
        "ukms_bind = \"127.0.0.1\"",
        "ukms_port = " + mine,
        "[peers." + peer + "]",
        "auth_key_file = \"pair.key\"",
        "mode = \"pqc\"",
        "ukms_url = \"http://127.0.0.1:" + theirs + "\"",
        "alias = \"" + peer + "\"",
        "source_KME_ID = \"" + me + "\"",
        "slave_SAE_ID = \"" + peer + "\"",
        peerExtra,
        "[peers." + peer + ".wireguard]",
        "interface = \"wg-" + me + "\"",
        "public_key = \"" + pub + "\"", ""));
  }

  Daemon start(String node, FakeWg wg) throws Exception {
    Environment env = new Environment(clock, new SplittableRandom(node.hashCode()),
        UUID::randomUUID, dir, workers -> scheduler.view(), wg.program.toString());
    Daemon d = Daemon.start(ConfigLoader.load(dir.resolve(node + ".toml"), dir), env);
    daemons.add(d);
    return d;
  }

  static String lastPsk(FakeWg wg) throws Exception {
    List<FakeWg.Call> calls = wg.calls();
    return calls.get(calls.size() - 1).stdin();
  }

  /**
   * The peer port is bound first (start-up time), but a session exists, and so serves a peer,
   * only after its WireGuard peer has the PSK in force; and start returns (systemd hears READY)
   * after that, so a wg-quick PostUp that waits for ukms finds the tunnel keyed.
   */
  @Test
  void start_appliesAPskBeforeItReturns_andBeforeAnyPeerRequestIsServed() throws Exception {
    start("alice", aliceWg);

    FakeWg.Call first = aliceWg.calls().get(0);
    assertEquals(List.of("set", "wg-alice", "peer", BOB_PUB, "preshared-key", "/dev/stdin"),
        first.args());
    assertEquals(45, first.stdin().length());
    assertEquals(1, aliceWg.calls().size(), "no rotation before the first round is due");
  }

  @Test
  void aPeerRequestDuringStart_waitsUntilTheSessionsExist() throws Exception {
    aliceWg.hold(); // the initial wg set blocks, so the session is not built yet
    java.util.concurrent.CompletableFuture<Daemon> starting =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          try {
            return start("alice", aliceWg);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (!aliceWg.waiting()) { // until the start is inside the initial wg set
      if (starting.isDone() || System.nanoTime() > deadline) {
        throw new AssertionError("the start never reached the initial wg set: " + starting);
      }
      Thread.onSpinWait();
    }
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", portA)) {
      socket.getOutputStream().write(("GET /api/v1/peer/mallory/new HTTP/1.1\r\nHost: x\r\n"
          + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
          socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
      // Without the wait the 404 comes back in a few milliseconds.
      socket.setSoTimeout(500);
      org.junit.jupiter.api.Assertions.assertThrows(java.net.SocketTimeoutException.class,
          in::readLine, "the port is open, but the request waits for the sessions");

      aliceWg.release();
      starting.get(30, java.util.concurrent.TimeUnit.SECONDS);
      socket.setSoTimeout(30_000);
      assertEquals("HTTP/1.1 404 Not Found", in.readLine(),
          "answered once the sessions exist: mallory is nobody's peer");
    }
  }

  @Test
  void everyConfirmedRotation_setsTheSamePskOnBothSides_andMatchesTheFile() throws Exception {
    start("alice", aliceWg);
    start("bob", bobWg);
    String initialAlice = lastPsk(aliceWg);
    String initialBob = lastPsk(bobWg);
    assertNotEquals(initialAlice, initialBob, "no state: each side starts from its own random PSK");

    for (int i = 0; i < 3; i++) {
      scheduler.advance(Duration.ofSeconds(30));
      assertEquals(lastPsk(aliceWg), lastPsk(bobWg));
      assertEquals(Files.readString(dir.resolve("psk/alice/bob.key")), lastPsk(aliceWg));
    }
    assertFalse(Files.exists(dir.resolve("psk/bob")), "bob has no key_folder: no PSK files");
    for (FakeWg.Call call : aliceWg.calls()) {
      assertFalse(call.environment().contains(call.stdin().strip()), "PSK in wg's environment");
      assertFalse(String.join(" ", call.args()).contains(call.stdin().strip()), "PSK in argv");
    }
  }

  @Test
  void hooks_runAfterEachRotation_withItsEpochAndNoKey() throws Exception {
    Daemon alice = start("alice", aliceWg);
    start("bob", bobWg);

    scheduler.runDue();
    long epoch = alice.epoch("bob");
    String env = AwaitFile.await(dir.resolve("hook." + epoch), t -> t.endsWith(".key\n"),
        Duration.ofSeconds(10));
    assertEquals(String.join("\n", "UKMS_ALIAS=bob", "UKMS_EPOCH=" + epoch, "UKMS_KEY_IDS=",
        "UKMS_PEER=bob", "UKMS_PSK_FILE=" + dir.resolve("psk/alice/bob.key"), ""), env);
    assertFalse(env.contains(Files.readString(dir.resolve("psk/alice/bob.key")).strip()));
  }

  @Test
  void restart_reappliesTheSavedPsk_beforeAnyRotation() throws Exception {
    Daemon alice = start("alice", aliceWg);
    start("bob", bobWg);
    scheduler.runDue();
    String agreed = lastPsk(aliceWg);
    alice.close();
    daemons.remove(alice);

    start("alice", aliceWg);

    assertEquals(agreed, lastPsk(aliceWg));
  }

  @Test
  void aFailingWg_isRetried_andRotationGoesOn() throws Exception {
    try (LogCapture logs = new LogCapture()) {
      Daemon alice = start("alice", aliceWg);
      start("bob", bobWg);
      aliceWg.failing(true);

      scheduler.runDue();
      long epoch = alice.epoch("bob");
      assertTrue(epoch >= 1);
      assertTrue(alice.stats().of("bob").wireguardFailures() >= 1);
      assertTrue(logs.lines.stream().anyMatch(l -> l.contains("result=wireguard_failed error=\""
          + "wg set wg-alice peer " + BOB_PUB + ": exit 1: Unable to modify interface: No such "
          + "device\" retry_in_ms=")), logs.lines.toString());

      aliceWg.failing(false);
      scheduler.advance(Duration.ofSeconds(5));

      assertEquals(lastPsk(bobWg), lastPsk(aliceWg), "the retry applied the agreed PSK");
      assertEquals(epoch, alice.epoch("bob"), "no new rotation was needed for that");
    }
  }
}
