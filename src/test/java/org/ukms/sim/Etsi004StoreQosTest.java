package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.ukms.crypto.Secret;
import org.ukms.etsi004.BinaryCodec;
import org.ukms.etsi004.Etsi004Client;
import org.ukms.etsi004.Etsi004Exception;
import org.ukms.etsi004.GetKeyRequest;
import org.ukms.etsi004.KeyStreamId;
import org.ukms.etsi004.OpenConnectRequest;
import org.ukms.etsi004.OpenConnectResponse;
import org.ukms.etsi004.Qos;
import org.ukms.etsi004.Status;
import org.ukms.testing.ManualClock;

/**
 * The simulated KM's QoS: chunk-size range and link rate negotiated (status 7 with a
 * counter-proposal), {@code max_bps} enforced on delivery, TTL after which an unused stream is
 * gone, a blocking OPEN_CONNECT that waits for the peer application, and random failures.
 */
class Etsi004StoreQosTest {
  private static final String A = "wgrot://alice";
  private static final String B = "wgrot://bob";
  private static final KeyStreamId AGREED =
      KeyStreamId.parse("6f1c2a3b-0000-4000-8000-00000000abcd");
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final Secret link = Secret.copyOf(new byte[32]);

  Etsi004Store store(Etsi004Limits limits) {
    return Etsi004Store.linked(link, new SplittableRandom(1), clock, limits);
  }

  static Qos qos(long chunk, long maxBps, long minBps, long ttl) {
    return new Qos(chunk, maxBps, minBps, 0, 0, 2000, ttl, Qos.JSON);
  }

  static OpenConnectResponse open(Etsi004Store km, Qos qos) {
    return km.openAndWait(new OpenConnectRequest(A, B, qos, KeyStreamId.NULL));
  }

  static Status getKey(Etsi004Store km, KeyStreamId ksid, long index) {
    return km.getKey(new GetKeyRequest(ksid, index, 0)).status();
  }

  @Test
  void e004Oc07_aChunkSizeOutsideTheRange_isStatus7_withTheNearestSizeOffered() {
    Etsi004Store km = store(new Etsi004Limits(32, 1024, 0));

    OpenConnectResponse small = open(km, qos(16, 0, 0, 0));
    OpenConnectResponse big = open(km, qos(4096, 0, 0, 0));
    OpenConnectResponse chosen = open(km, qos(0, 0, 0, 0));

    assertEquals(Status.OC_QOS_NOT_MET, small.status());
    assertEquals(32, small.qos().keyChunkSize());
    assertEquals(Status.OC_QOS_NOT_MET, big.status());
    assertEquals(1024, big.qos().keyChunkSize());
    assertEquals(Status.SUCCESSFUL, chosen.status());
    assertEquals(32, chosen.qos().keyChunkSize(), "0 lets the KM choose: 32 bytes");
  }

  @Test
  void e004Oc05_aKmThatCannotServe32ByteKeys_isRefusedByTheClient() {
    Etsi004Store km = store(new Etsi004Limits(64, 1024, 0));
    Etsi004Client client = new Etsi004Client(km::serve, BinaryCodec.v211(), clock);

    Etsi004Exception e = assertThrows(Etsi004Exception.class,
        () -> client.open(A, B, Qos.wireGuard(2000, 60), KeyStreamId.NULL));

    assertTrue(e.getMessage().contains("offers key_chunk_size 64 bytes instead of 32"),
        e.getMessage());
  }

  @Test
  void aMinimumRateAboveTheLink_isStatus7_andMaxBpsIsCappedAtTheLinkRate() {
    Etsi004Store km = store(new Etsi004Limits(1, 1024, 1000));

    OpenConnectResponse tooFast = open(km, qos(32, 0, 5000, 0));
    OpenConnectResponse capped = open(km, qos(32, 8000, 100, 0));
    OpenConnectResponse free = open(km, qos(32, 0, 0, 0));

    assertEquals(Status.OC_QOS_NOT_MET, tooFast.status());
    assertEquals(1000, tooFast.qos().minBps(), "counter-proposal: the link rate");
    assertEquals(Status.SUCCESSFUL, capped.status());
    assertEquals(1000, capped.qos().maxBps());
    assertEquals(1000, free.qos().maxBps(), "max_bps 0 lets the KM choose: the link rate");
  }

  @Test
  void maxBps_limitsDelivery_aKeyAskedTooEarlyIsStatus2_andTheIndexIsNotSpent() {
    Etsi004Store km = store(Etsi004Limits.DEFAULT);
    KeyStreamId ksid = open(km, qos(32, 256, 0, 0)).ksid(); // 256 bits a second: a key a second

    assertEquals(Status.SUCCESSFUL, getKey(km, ksid, 0));
    assertEquals(Status.GK_INSUFFICIENT_KEY, getKey(km, ksid, 1));
    clock.advance(Duration.ofMillis(999));
    assertEquals(Status.GK_INSUFFICIENT_KEY, getKey(km, ksid, 1));
    clock.advance(Duration.ofMillis(1));
    assertEquals(Status.SUCCESSFUL, getKey(km, ksid, 1));
  }

  @Test
  void e004Cl03_aStreamUnusedForItsTtl_isGone_andCannotBeReopened() {
    Etsi004Store km = store(Etsi004Limits.DEFAULT);
    KeyStreamId ksid = open(km, qos(32, 0, 0, 60)).ksid();
    clock.advance(Duration.ofSeconds(59));
    assertEquals(Status.SUCCESSFUL, getKey(km, ksid, 0), "use keeps it alive");
    clock.advance(Duration.ofSeconds(59));
    assertEquals(Status.SUCCESSFUL, getKey(km, ksid, 1));

    clock.advance(Duration.ofSeconds(60));

    assertEquals(9, getKey(km, ksid, 2).code());
    assertEquals(9, km.openAndWait(new OpenConnectRequest(A, B, qos(32, 0, 0, 60), ksid))
        .status().code());
  }

  @Test
  void e004Oc02_aBlockingOpenConnect_waitsForThePeerApplication() throws Exception {
    Etsi004Rendezvous link = new Etsi004Rendezvous();
    Etsi004Store kmA = store(Etsi004Limits.DEFAULT).blockUntilPeer(link);
    Etsi004Store kmB = store(Etsi004Limits.DEFAULT).blockUntilPeer(link);
    OpenConnectRequest fromA = new OpenConnectRequest(A, B, qos(32, 0, 0, 0), AGREED);

    CompletableFuture<OpenConnectResponse> alice =
        CompletableFuture.supplyAsync(() -> kmA.openAndWait(fromA));
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      while (link.waiting() < 1) {
        Thread.onSpinWait();
      }
    });
    OpenConnectResponse bob = kmB.openAndWait(new OpenConnectRequest(B, A, qos(32, 0, 0, 0),
        AGREED));

    assertEquals(Status.SUCCESSFUL, bob.status(), "alice was there already");
    assertEquals(Status.SUCCESSFUL, alice.get(5, java.util.concurrent.TimeUnit.SECONDS).status());
  }

  @Test
  void e004Oc03_aBlockingOpenConnect_whosePeerNeverComes_isStatus1_afterTheTimeout()
      throws Exception {
    Etsi004Rendezvous link = new Etsi004Rendezvous();
    Etsi004Store km = store(Etsi004Limits.DEFAULT).blockUntilPeer(link);

    CompletableFuture<OpenConnectResponse> alice = CompletableFuture.supplyAsync(
        () -> km.openAndWait(new OpenConnectRequest(A, B, qos(32, 0, 0, 0), AGREED)));
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      while (link.waiting() < 1) {
        Thread.onSpinWait();
      }
    });
    clock.advance(Duration.ofMillis(2000)); // the QoS timeout
    link.wake();

    OpenConnectResponse r = alice.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(Status.PEER_NOT_CONNECTED, r.status());
    assertEquals(AGREED, r.ksid());
  }

  @Test
  void aFailRatio_answersThatShareOfCallsWithTheGivenStatus() {
    Etsi004Store km = store(Etsi004Limits.DEFAULT);
    km.faults().failRatio(1.0, Status.NO_QKD_CONNECTION, new SplittableRandom(3));
    assertEquals(Status.NO_QKD_CONNECTION, open(km, qos(32, 0, 0, 0)).status());

    km.faults().failRatio(0.0, Status.NO_QKD_CONNECTION, new SplittableRandom(3));
    assertEquals(Status.SUCCESSFUL, open(km, qos(32, 0, 0, 0)).status());
  }

  @Test
  void limits_outOfRange_areRefusedWithTheirValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Etsi004Limits.chunkRange("64..32", 0));
    assertEquals("key chunk range must lie in 1..65536 bytes with min <= max, found 64..32",
        e.getMessage());
    assertEquals("expected MIN..MAX in bytes, e.g. 32..1024, found 32", assertThrows(
        IllegalArgumentException.class, () -> Etsi004Limits.chunkRange("32", 0)).getMessage());
  }
}
