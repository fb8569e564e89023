package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.ConfigLoader;
import org.ukms.crypto.MlKem;
import org.ukms.crypto.V2Keys;
import org.ukms.peer.V2Auth;
import org.ukms.testing.FreePorts;
import org.ukms.testing.LogCapture;
import org.ukms.testing.ManualClock;
import org.ukms.testing.ManualScheduler;

/** Protocol v2 between two in-process daemons with real HTTP and a manual clock. */
class V2IT {
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final List<Daemon> daemons = new ArrayList<>();
  private int portA;
  private int portB;

  @AfterEach
  void stop() {
    daemons.forEach(Daemon::close);
  }

  /** alice and bob with one auth key; {@code kme} adds linked fake KMEs and hybrid mode. */
  void configs(boolean kme) throws Exception {
    configs(kme, "", "");
  }

  /** As above, with extra lines for alice's top level and her peer table. */
  void configs(boolean kme, String aliceTop, String alicePeer) throws Exception {
    portA = FreePorts.next();
    portB = FreePorts.next();
    AuthKeys.generate(dir.resolve("alice-bob.key"), new SecureRandom());
    Files.writeString(dir.resolve("link.secret"),
        Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'Q'));
    Files.setPosixFilePermissions(dir.resolve("link.secret"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    write("alice", "bob", portA, portB, kme, aliceTop, alicePeer);
    write("bob", "alice", portB, portA, kme, "", "");
  }

  void write(String me, String peer, int mine, int theirs, boolean kme, String top,
      String peerExtra) throws Exception {
    String text = String.join("\n", top,
        "key_rotation_seconds = 30",
        "key_folder = \"psk/" + me + "\"",
        "state_dir = \"state/" + me + "\"",
        "ukms_bind = \"127.0.0.1\"",
        "ukms_port = " + mine,
        kme ? "enable_fake_qkd_api = true\nfake_qkd_link_secret_file = \"link.secret\"" : "",
        "[peers." + peer + "]",
        "protocol = \"v2\"",
        "auth_key_file = \"alice-bob.key\"",
        kme ? "etsi_url = \"http://127.0.0.1:" + mine + "\"" : "mode = \"pqc\"",
        "ukms_url = \"http://127.0.0.1:" + theirs + "\"",
        "alias = \"" + peer + "\"",
        "source_KME_ID = \"" + me + "\"",
        "master_SAE_ID = \"" + me + "\"",
        "slave_SAE_ID = \"" + peer + "\"", peerExtra, "");
    Files.writeString(dir.resolve(me + ".toml"), text);
  }

  Daemon start(String node) throws Exception {
    Environment env = new Environment(clock, new SplittableRandom(node.hashCode()),
        UUID::randomUUID, dir, workers -> scheduler.view());
    Daemon d = Daemon.start(ConfigLoader.load(dir.resolve(node + ".toml"), dir), env);
    daemons.add(d);
    return d;
  }

  void stopDaemon(Daemon d) {
    d.close();
    daemons.remove(d);
  }

  /** One rotation at start, then {@code bob} goes away; returns the PSK both agreed on. */
  byte[] rotateOnceThenStop(Daemon bob) throws Exception {
    scheduler.runDue();
    byte[] agreed = psk("alice", "bob");
    stopDaemon(bob);
    return agreed;
  }

  byte[] psk(String node, String peer) throws Exception {
    return Files.readAllBytes(dir.resolve("psk/" + node + "/" + peer + ".key"));
  }

  void assertPairEqual() throws Exception {
    assertArrayEquals(psk("alice", "bob"), psk("bob", "alice"));
    assertEquals(45, psk("alice", "bob").length);
  }

  @Test
  void pqcMode_withNoKmeAtAll_holdsEqualPsksEveryPeriod() throws Exception {
    configs(false);
    Daemon alice = start("alice");
    Daemon bob = start("bob");

    scheduler.runDue();
    assertPairEqual();
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      seen.add(new String(psk("alice", "bob"), StandardCharsets.US_ASCII));
      scheduler.advance(Duration.ofSeconds(30));
      assertPairEqual();
    }

    assertEquals(alice.epoch("bob"), bob.epoch("alice"));
    assertTrue(alice.epoch("bob") >= 4, "" + alice.epoch("bob"));
    assertFalse(seen.contains(new String(psk("alice", "bob"), StandardCharsets.US_ASCII)));
    assertEquals(-1, alice.fakeKmeKeysDelivered());
  }

  @Test
  void hybridMode_onLinkedFakeKmes_holdsEqualPsks() throws Exception {
    configs(true);
    start("alice");
    Daemon bob = start("bob");

    scheduler.runDue();
    scheduler.advance(Duration.ofSeconds(30));

    assertPairEqual();
    assertTrue(bob.fakeKmeKeysDelivered() >= 2, "QKD keys were used");
  }

  @Test
  void replayedTamperedAndStrippedRequests_get401_kmeUntouched_pskUnchanged() throws Exception {
    configs(true);
    Daemon alice = start("alice");
    Daemon bob = start("bob");
    scheduler.runDue();
    byte[] before = psk("bob", "alice");
    long kmeBefore = bob.fakeKmeKeysDelivered();

    // A legitimate offer, as alice would send it, recorded on the wire.
    V2Auth asAlice = new V2Auth(V2Keys.of(AuthKeys.load(dir.resolve("alice-bob.key"))),
        "alice", "bob", Duration.ofSeconds(60), clock, new SecureRandom());
    String keyId = encKeyAtAlice();
    String body = "{\"epoch\":" + bob.epoch("alice") + ",\"chain\":\"" + bob.chainId("alice")
        + "\",\"mode\":\"hybrid\",\"key_ID\":\""
        + keyId + "\",\"kem_ek\":\"" + Base64.getEncoder().encodeToString(
            MlKem.generate(new SecureRandom()).encapsulationKey()) + "\"}";
    String path = "/api/v2/peer/offer";
    V2Auth.Signed signed = asAlice.signRequest("POST", path, body.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, post(path, signed.header(), body), "the genuine request is served");
    long kmeAfterGenuine = bob.fakeKmeKeysDelivered();
    assertEquals(kmeBefore + 1, kmeAfterGenuine);

    try (LogCapture logs = new LogCapture()) {
      assertEquals(401, post(path, signed.header(), body), "replayed");
      assertEquals(401, post(path, signed.header(), body.replace("hybrid", "hybriD")), "tampered");
      assertEquals(401, post(path, null, body), "stripped");
      assertEquals(401, post(path, signed.header().replace("receiver=bob", "receiver=bo"), body),
          "misaddressed");
      assertTrue(logs.lines.stream().anyMatch(l -> l.contains("event=v2_refused")));
    }

    assertEquals(kmeAfterGenuine, bob.fakeKmeKeysDelivered(), "no KME call for refused requests");
    assertArrayEquals(before, psk("bob", "alice"), "no PSK change");
    scheduler.advance(Duration.ofSeconds(30));
    assertPairEqual();
    assertTrue(alice.epoch("bob") >= 2, "the pair keeps rotating");
  }

  String encKeyAtAlice() throws Exception {
    try (Response r = new OkHttpClient().newCall(new Request.Builder()
        .url("http://127.0.0.1:" + portA + "/api/v1/keys/bob/enc_keys").build()).execute()) {
      String text = r.body().string();
      return text.replaceAll(".*\"key_ID\":\"([0-9a-f-]{36})\".*", "$1");
    }
  }

  int post(String path, String header, String body) throws Exception {
    Request.Builder b = new Request.Builder().url("http://127.0.0.1:" + portB + path)
        .post(RequestBody.create(body, MediaType.get("application/json")));
    if (header != null) {
      b.header(V2Auth.HEADER, header);
    }
    try (Response r = new OkHttpClient().newCall(b.build()).execute()) {
      return r.code();
    }
  }

  @Test
  void restartWithState_continuesTheChain_lostState_resetsAndConverges() throws Exception {
    configs(false);
    start("alice");
    Daemon bob = start("bob");
    scheduler.runDue();
    scheduler.advance(Duration.ofSeconds(30));
    long epoch = bob.epoch("alice");

    stopDaemon(bob);
    Daemon bob2 = start("bob");
    assertEquals(epoch, bob2.epoch("alice"), "the chain state survived the restart");
    scheduler.advance(Duration.ofSeconds(30));
    assertPairEqual();
    assertTrue(bob2.epoch("alice") > epoch);

    stopDaemon(bob2);
    Files.delete(dir.resolve("state/bob/alice.state"));
    try (LogCapture logs = new LogCapture()) {
      Daemon bob3 = start("bob");
      scheduler.advance(Duration.ofSeconds(30));
      assertPairEqual();
      assertEquals(daemons.get(0).epoch("bob"), bob3.epoch("alice"));
      assertTrue(logs.lines.stream().anyMatch(l -> l.contains("event=chain_reset")
          || l.contains("event=epoch_mismatch")), logs.lines.toString());
    }
  }

  /**
   * alice saves her chain before her PSK, so "crashed after bob installed, before alice saved"
   * is "alice restarts with her previous state file". The pair must converge within one
   * period from bob's previous chain key, without a reset.
   */
  @Test
  void crashBetweenResponderInstallAndInitiatorSave_convergesWithinOnePeriodWithoutReset()
      throws Exception {
    crashAfterResponderInstalled(false);
  }

  @Test
  void crashBetweenSteps_theOtherSideInitiatingFirst_alsoConvergesWithoutReset()
      throws Exception {
    crashAfterResponderInstalled(true);
  }

  private void crashAfterResponderInstalled(boolean bobFirst) throws Exception {
    configs(false);
    Daemon alice = start("alice");
    Daemon bob = start("bob");
    scheduler.runDue();
    Path aliceState = dir.resolve("state/alice/bob.state");
    byte[] before = Files.readAllBytes(aliceState);
    long epochBefore = alice.epoch("bob");
    scheduler.advance(Duration.ofSeconds(30));
    assertEquals(epochBefore + 1, bob.epoch("alice"));

    stopDaemon(alice);
    Files.write(aliceState, before);
    try (LogCapture logs = new LogCapture()) {
      Daemon alice2 = start("alice");
      assertEquals(epochBefore, alice2.epoch("bob"), "alice lost the last install");
      if (bobFirst) {
        bob.roundNow("alice");
      }
      scheduler.advance(Duration.ofSeconds(30));

      assertPairEqual();
      assertEquals(alice2.epoch("bob"), bob.epoch("alice"));
      assertTrue(logs.lines.stream().noneMatch(l -> l.contains("event=chain_reset")),
          "converged from the previous chain key, not by a reset");
    }
  }

  @Test
  void peerDown_pskExpires_failClosedWithARandomPsk() throws Exception {
    configs(false);
    Daemon alice = start("alice");
    Daemon bob = start("bob");
    byte[] agreed = rotateOnceThenStop(bob);

    try (LogCapture logs = new LogCapture()) {
      scheduler.advance(Duration.ofSeconds(91));

      assertFalse(java.util.Arrays.equals(agreed, psk("alice", "bob")), "replaced at expiry");
      assertTrue(logs.lines.stream().anyMatch(l -> l.contains("result=stale")));
    }
    assertEquals(1, alice.epoch("bob"), "the chain waits for the peer");
  }

  @Test
  void kmeFailingBetweenSteps_nothingInstalled_chainsStayEqual() throws Exception {
    configs(true, "fake_qkd_unavailable_ratio = 1.0", "");
    Daemon alice = start("alice");
    Daemon bob = start("bob");

    try (LogCapture logs = new LogCapture()) {
      scheduler.runDue();
      scheduler.advance(Duration.ofSeconds(5));

      assertEquals(0, alice.epoch("bob"), "no exchange completed");
      assertEquals(0, bob.epoch("alice"));
      assertFalse(Files.exists(dir.resolve("psk/alice/bob.key")), "nothing was written");
      assertFalse(Files.exists(dir.resolve("psk/bob/alice.key")));
      assertTrue(logs.lines.stream().anyMatch(l -> l.contains("result=failed protocol=v2")),
          logs.lines.toString());
    }
  }

  @Test
  void onExpiryKeep_leavesTheLastPskAndSaysSo() throws Exception {
    configs(false, "", "on_expiry = \"keep\"");
    start("alice");
    Daemon bob = start("bob");
    byte[] agreed = rotateOnceThenStop(bob);

    try (LogCapture logs = new LogCapture()) {
      scheduler.advance(Duration.ofSeconds(91));

      assertArrayEquals(agreed, psk("alice", "bob"));
      assertTrue(logs.lines.stream().anyMatch(l -> l.contains("result=stale action=keep")));
    }
  }

  @Test
  void bothInitiatingAtOnce_1000Times_neverDiverge() throws Exception {
    configs(false);
    Daemon alice = start("alice");
    Daemon bob = start("bob");
    scheduler.runDue();
    for (int i = 0; i < 1000; i++) {
      CountDownLatch go = new CountDownLatch(1);
      Thread a = new Thread(() -> {
        await(go);
        alice.roundNow("bob");
      });
      Thread b = new Thread(() -> {
        await(go);
        bob.roundNow("alice");
      });
      a.start();
      b.start();
      go.countDown();
      a.join();
      b.join();
      assertEquals(alice.epoch("bob"), bob.epoch("alice"), "round " + i);
      assertArrayEquals(psk("alice", "bob"), psk("bob", "alice"), "round " + i);
    }
    assertTrue(alice.epoch("bob") > 500, "most rounds rotated: " + alice.epoch("bob"));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
