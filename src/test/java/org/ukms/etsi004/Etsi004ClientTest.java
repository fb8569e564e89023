package org.ukms.etsi004;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ukms.crypto.Secret;
import org.ukms.sim.Etsi004Faults.Call;
import org.ukms.sim.Etsi004Store;
import org.ukms.testing.ManualClock;

/**
 * The client checklist E004-OC, -GK and -CL against two linked ends of the simulated KM, used
 * in memory as the transport (the socket path is in sim/Etsi004ServerTest).
 */
class Etsi004ClientTest {
  private static final String A = "wgrot://alice";
  private static final String B = "wgrot://bob";
  private static final Qos QOS = Qos.wireGuard(5000, 3600);
  private static final KeyStreamId AGREED =
      KeyStreamId.parse("6f1c2a3b-0000-4000-8000-00000000abcd");

  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final Secret link = Secret.copyOf(new byte[32]);
  private final Etsi004Store kmA = Etsi004Store.linked(link, new SplittableRandom(1));
  private final Etsi004Store kmB = Etsi004Store.linked(link, new SplittableRandom(2));
  private final List<Integer> sent = new ArrayList<>();
  private final Etsi004Client alice = new Etsi004Client(frame -> {
    sent.add(BinaryCodec.service(frame));
    return kmA.serve(frame);
  }, BinaryCodec.v211(), clock);
  private final Etsi004Client bob = new Etsi004Client(kmB::serve, BinaryCodec.v211(), clock);

  @Test
  void e004Oc01_nullKsid_nonNullKsidReturnedAndStored() throws Exception {
    KeyStream s = alice.open(A, B, QOS, KeyStreamId.NULL);
    assertFalse(s.ksid().isNull());
    assertEquals(32, s.qos().keyChunkSize());
    assertFalse(s.peerPending());
  }

  @Test
  void e004Oc02_predefinedKsid_bothEndsGetIt() throws Exception {
    assertEquals(AGREED, alice.open(A, B, QOS, AGREED).ksid());
    assertEquals(AGREED, bob.open(B, A, QOS, AGREED).ksid());
  }

  @Test
  void e004Oc03_status1_isPendingSuccess_thenGetKeyWaitsUntilTheTimeout() throws Exception {
    kmA.faults().force(Call.OPEN_CONNECT, Status.PEER_NOT_CONNECTED, 1)
        .force(Call.GET_KEY, Status.GK_PEER_NOT_CONNECTED, 2);
    KeyStream s = alice.open(A, B, QOS, KeyStreamId.NULL);
    assertTrue(s.peerPending());
    var early = assertThrows(Etsi004Exception.class, () -> alice.getKey(s));
    assertTrue(early.isTransient());
    clock.advance(Duration.ofMillis(5000));
    var late = assertThrows(Etsi004Exception.class, () -> alice.getKey(s));
    assertFalse(late.isTransient());
    assertEquals("GET_KEY " + s.ksid() + " index 0: the peer application did not connect within "
        + "the QoS timeout of 5000 ms", late.getMessage());
    assertEquals(0, alice.getKey(s).index()); // the KSID was kept; no index was used up
  }

  @Test
  void e004Oc04_status5_ksidInUse_isFatal() throws Exception {
    alice.open(A, B, QOS, AGREED);
    var e = assertThrows(Etsi004Exception.class,
        () -> alice.open("wgrot://mallory", B, QOS, AGREED));
    assertFalse(e.isTransient());
    assertEquals(Status.OC_KSID_IN_USE, e.status().orElseThrow());
  }

  @Test
  void e004Oc05_status7_otherChunkSize_rejectedAndClosed() throws Exception {
    kmA.faults().force(Call.OPEN_CONNECT, Status.OC_QOS_NOT_MET, 1).counterChunkSize(64);
    var e = assertThrows(Etsi004Exception.class, () -> alice.open(A, B, QOS, AGREED));
    assertFalse(e.isTransient());
    assertEquals("OPEN_CONNECT wgrot://alice -> wgrot://bob: QoS not met, the KM offers "
        + "key_chunk_size 64 bytes instead of 32; rejected", e.getMessage());
    assertEquals(List.of(AGREED), kmA.closes());
  }

  @Test
  void e004Oc05_status7_sameChunkSize_counterProposalAccepted() throws Exception {
    kmA.faults().force(Call.OPEN_CONNECT, Status.OC_QOS_NOT_MET, 1).counterChunkSize(32);
    KeyStream s = alice.open(A, B, QOS, KeyStreamId.NULL);
    assertFalse(s.ksid().isNull());
    assertEquals(2, kmA.openConnects().size());
  }

  @Test
  void e004Oc06_status4And6_reportedAsTransient() {
    kmA.faults().force(Call.OPEN_CONNECT, Status.NO_QKD_CONNECTION, 1)
        .force(Call.OPEN_CONNECT, Status.TIMEOUT, 1);
    for (Status expected : List.of(Status.NO_QKD_CONNECTION, Status.TIMEOUT)) {
      var e = assertThrows(Etsi004Exception.class, () -> alice.open(A, B, QOS, KeyStreamId.NULL));
      assertTrue(e.isTransient());
      assertEquals(expected, e.status().orElseThrow());
    }
  }

  @Test
  void e004Oc07_qosSent_bytesMillisecondsSecondsJson() throws Exception {
    alice.open(A, B, QOS, KeyStreamId.NULL);
    Qos sentQos = kmA.openConnects().get(0).qos();
    assertEquals(new Qos(32, 0, 0, 0, 0, 5000, 3600, "application/json"), sentQos);
  }

  @Test
  void e004Oc08_registeredKsid_earlierQosAccepted() throws Exception {
    alice.open(A, B, QOS, AGREED);
    KeyStream again = alice.open(A, B, Qos.wireGuard(9000, 60), AGREED);
    assertEquals(QOS, again.qos());
  }

  @Test
  void e004Oc09_sourceAndDestination_mustBeAbsoluteUris() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> alice.open("alice", B, QOS, KeyStreamId.NULL));
    assertEquals("source: expected an absolute URI such as wgrot://alice, found \"alice\"",
        e.getMessage());
  }

  @Test
  void e004Gk01_keyIsChunkSized_andIndexRecorded() throws Exception {
    KeyStream s = alice.open(A, B, QOS, KeyStreamId.NULL);
    DeliveredKey k = alice.getKey(s);
    assertEquals(32, k.key().length());
    assertEquals(0, k.index());
    assertEquals(s.ksid(), k.ksid());
    assertEquals(1, s.nextIndex());
  }

  @Test
  void e004Gk01_keyOfTheWrongLength_isAnError() throws Exception {
    BinaryCodec codec = BinaryCodec.v211();
    Etsi004Client client = new Etsi004Client(frame -> {
      if (BinaryCodec.service(frame) != BinaryCodec.GET_KEY_REQUEST) {
        return kmA.serve(frame);
      }
      return codec.encode(new GetKeyResponse(Status.SUCCESSFUL, 0,
          Secret.copyOf(new byte[16]), Metadata.EMPTY));
    }, codec, clock);
    KeyStream s = client.open(A, B, QOS, KeyStreamId.NULL);
    var e = assertThrows(Etsi004Exception.class, () -> client.getKey(s));
    assertFalse(e.isTransient());
    assertEquals("GET_KEY " + s.ksid() + " index 0: key buffer of 16 bytes, expected "
        + "key_chunk_size 32", e.getMessage());
  }

  @Test
  void e004Gk02_peerFetchesTheInitiatorsIndex_identicalKey() throws Exception {
    KeyStream sa = alice.open(A, B, QOS, KeyStreamId.NULL);
    alice.getKey(sa);
    DeliveredKey ka = alice.getKey(sa); // index 1, sent to bob with the KSID
    KeyStream sb = bob.open(B, A, QOS, sa.ksid());
    DeliveredKey kb = bob.getKey(sb, ka.index());
    assertEquals(1, kb.index());
    assertTrue(ka.key().sameAs(kb.key()));
    assertFalse(ka.key().sameAs(alice.getKey(sa).key()));
  }

  @Test
  void e004Gk03_indicesIncreaseAndWrap_consumedNeverAskedAgain() throws Exception {
    KeyStream s = alice.open(A, B, QOS, AGREED, 0xFFFF_FFFEL);
    assertEquals(0xFFFF_FFFEL, alice.getKey(s).index());
    assertEquals(0xFFFF_FFFFL, alice.getKey(s).index());
    assertEquals(0, alice.getKey(s).index());
    assertEquals(5, alice.getKey(s, 5).index());
    assertEquals(3, alice.getKey(s, 3).index()); // skipped, within the window: once
    var e = assertThrows(IllegalArgumentException.class, () -> alice.getKey(s, 3));
    assertEquals("GET_KEY " + AGREED + ": index 3 was already used or is more than 1024 below "
        + "the highest index used (next is 6)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> alice.getKey(s, 0xFFFF_FFFFL));
  }

  @Test
  void e004Gk03_ioErrorBurnsTheIndex() throws Exception {
    KeyStream s = alice.open(A, B, QOS, AGREED);
    Etsi004Client broken = new Etsi004Client(frame -> {
      throw new java.io.IOException("connection reset");
    }, BinaryCodec.v211(), clock);
    var e = assertThrows(Etsi004Exception.class, () -> broken.getKey(s));
    assertTrue(e.isTransient());
    assertEquals(1, alice.getKey(s).index());
  }

  @Test
  void e004Gk04_status2And3Transient_status6AnError_noIndexUsed() throws Exception {
    KeyStream s = alice.open(A, B, QOS, KeyStreamId.NULL);
    kmA.faults().force(Call.GET_KEY, Status.GK_INSUFFICIENT_KEY, 1)
        .force(Call.GET_KEY, Status.GK_PEER_NOT_CONNECTED, 1)
        .force(Call.GET_KEY, Status.TIMEOUT, 1);
    for (Status expected : List.of(Status.GK_INSUFFICIENT_KEY, Status.GK_PEER_NOT_CONNECTED,
        Status.TIMEOUT)) {
      var e = assertThrows(Etsi004Exception.class, () -> alice.getKey(s));
      assertEquals(expected, e.status().orElseThrow());
      assertTrue(e.isTransient(), expected.toString());
      assertEquals(0, s.nextIndex());
    }
    assertEquals(0, alice.getKey(s).index());
  }

  @Test
  void e004Gk05_status8_sameIndexRetriedWithTheBiggerBuffer_noKeyLost() throws Exception {
    KeyStream sa = alice.open(A, B, QOS, KeyStreamId.NULL);
    kmA.faults().force(Call.GET_KEY, Status.GK_METADATA_TOO_SMALL, 1).neededMetadata(2048);
    DeliveredKey ka = alice.getKey(sa);
    assertEquals(0, ka.index());
    assertEquals(2048, sa.metadataCapacity());
    assertEquals(List.of(2, 4, 4), sent);
    KeyStream sb = bob.open(B, A, QOS, sa.ksid());
    assertTrue(ka.key().sameAs(bob.getKey(sb, 0).key()));
  }

  @Test
  void e004Gk05_status8Twice_isFatal() throws Exception {
    KeyStream s = alice.open(A, B, QOS, KeyStreamId.NULL);
    kmA.faults().force(Call.GET_KEY, Status.GK_METADATA_TOO_SMALL, 2).neededMetadata(2048);
    var e = assertThrows(Etsi004Exception.class, () -> alice.getKey(s));
    assertFalse(e.isTransient());
    assertEquals(0, s.nextIndex());
  }

  @Test
  void e004Gk06_metadata_jsonWhenAsked_noneWithoutMimetype() throws Exception {
    KeyStream json = alice.open(A, B, QOS, KeyStreamId.NULL);
    assertEquals("{\"age\":0,\"hops\":0}", alice.getKey(json).metadata().asUtf8());
    KeyStream none = alice.open(A, B, new Qos(32, 0, 0, 0, 0, 5000, 3600, ""), KeyStreamId.NULL);
    assertEquals(0, none.metadataCapacity());
    assertEquals(Metadata.EMPTY, alice.getKey(none).metadata());
  }

  @Test
  void e004Cl01_close_sendsClose_nonZeroStatusReturnedNotThrown() throws Exception {
    KeyStream s = alice.open(A, B, QOS, KeyStreamId.NULL);
    kmA.faults().force(Call.CLOSE, Status.TIMEOUT, 1);
    assertEquals(Status.TIMEOUT, alice.close(s));
    assertTrue(s.isClosed());
    assertEquals(List.of(s.ksid()), kmA.closes());
  }

  @Test
  void e004Cl02_closedStream_neverAskedForKeys_reopenGivesNewStream() throws Exception {
    KeyStream s = alice.open(A, B, QOS, KeyStreamId.NULL);
    assertEquals(Status.SUCCESSFUL, alice.close(s));
    sent.clear();
    assertThrows(IllegalStateException.class, () -> alice.getKey(s));
    assertEquals(List.of(), sent);
    assertNotEquals(s.ksid(), alice.open(A, B, QOS, KeyStreamId.NULL).ksid());
  }

  @Test
  void e004Cl03_persistedKsidAndIndex_resumed() throws Exception {
    KeyStream s = alice.open(A, B, QOS, AGREED);
    alice.getKey(s);
    long next = s.nextIndex();
    KeyStream resumed = alice.open(A, B, QOS, AGREED, next); // after a restart
    assertEquals(1, alice.getKey(resumed).index());
  }

  @Test
  void e004Cl04_unknownStatus_isFatal_neverSuccess() throws Exception {
    KeyStream s = alice.open(A, B, QOS, KeyStreamId.NULL);
    kmA.faults().force(Call.GET_KEY, new Status(42), 1);
    var e = assertThrows(Etsi004Exception.class, () -> alice.getKey(s));
    assertFalse(e.isTransient());
    assertEquals("GET_KEY " + s.ksid() + " index 0: status 42 (non_standard)", e.getMessage());
    kmA.serve(BinaryCodec.v211().encode(new CloseRequest(s.ksid()))); // the KM forgets it
    var nine = assertThrows(Etsi004Exception.class, () -> alice.getKey(s));
    assertFalse(nine.isTransient());
    assertEquals(new Status(9), nine.status().orElseThrow());
  }

  @Test
  void e004Oc01_kmAnswersNullKsidWithStatus0_isAnError() {
    Etsi004Client client = new Etsi004Client(frame -> BinaryCodec.v211().encode(
        new OpenConnectResponse(Status.SUCCESSFUL, QOS, KeyStreamId.NULL)), BinaryCodec.v211(),
        clock);
    var e = assertThrows(Etsi004Exception.class,
        () -> client.open(A, B, QOS, KeyStreamId.NULL));
    assertFalse(e.isTransient());
    assertEquals("OPEN_CONNECT wgrot://alice -> wgrot://bob: status 0 (successful) but the KM "
        + "returned a NULL key stream ID", e.getMessage());
  }

  @Test
  void e004Oc02_kmAnswersAnotherKsidThanAgreed_isAnError() {
    KeyStreamId other = KeyStreamId.parse("00000000-0000-4000-8000-000000000001");
    Etsi004Client client = new Etsi004Client(frame -> BinaryCodec.v211().encode(
        new OpenConnectResponse(Status.SUCCESSFUL, QOS, other)), BinaryCodec.v211(), clock);
    var e = assertThrows(Etsi004Exception.class, () -> client.open(A, B, QOS, AGREED));
    assertFalse(e.isTransient());
  }

  @Test
  void e004Gk02_differentStreams_differentKeys() throws Exception {
    KeyStream one = alice.open(A, B, QOS, KeyStreamId.NULL);
    KeyStream two = alice.open(A, B, QOS, KeyStreamId.NULL);
    assertNotEquals(one.ksid(), two.ksid());
    assertFalse(alice.getKey(one).key().sameAs(alice.getKey(two).key()));
  }

  @Test
  void e004Gk03_after2pow32Positions_streamExhausted() throws Exception {
    KeyStream s = alice.open(A, B, QOS, AGREED, 5);
    assertEquals(4, alice.getKey(s, 4).index()); // the last position before wrapping back to 5
    var e = assertThrows(Etsi004Exception.class, () -> alice.getKey(s));
    assertFalse(e.isTransient());
    assertEquals("GET_KEY " + AGREED + ": all 2^32 indices used; reopen the stream",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> alice.getKey(s, 5));
  }
}
