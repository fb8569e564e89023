package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.ukms.bb84.Bb84Settings;
import org.ukms.bb84.ChannelModel;
import org.ukms.crypto.Secret;
import org.ukms.etsi004.CloseRequest;
import org.ukms.etsi004.GetKeyRequest;
import org.ukms.etsi004.GetKeyResponse;
import org.ukms.etsi004.KeyStreamId;
import org.ukms.etsi004.OpenConnectRequest;
import org.ukms.etsi004.OpenConnectResponse;
import org.ukms.etsi004.Qos;
import org.ukms.etsi004.Status;
import org.ukms.kme.DeliveredKey;
import org.ukms.qlink.Bb84Links;
import org.ukms.qlink.LinkOptions;
import org.ukms.testing.ManualClock;
import org.ukms.testing.Qber;

/**
 * Two simulator ends on a real BB84 link over loopback serving ETSI 004 from the link's key
 * stream (and ETSI 014 from the same slots' counter).
 */
class Bb84Etsi004Test {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Secret SECRET = Secret.copyOf(new byte[32]);
  private static final Bb84Settings SMALL = new Bb84Settings(1 << 14, 0.10, 0.11, 1e-10);
  private static final int INDICES = 8;
  private static final Qos QOS = new Qos(32, 0, 0, 0, 0, 5000, 0, "");

  /** KMEs "kme-a" (SAE a, listening) and "kme-b" (SAE b, dialing), and their 004 stores. */
  private record Ends(SimulatedKme a, SimulatedKme b, Etsi004Store a004, Etsi004Store b004)
      implements AutoCloseable {
    @Override
    public void close() {
      a.close();
      b.close();
    }
  }

  private static Supplier<RandomGenerator> seeded(long seed) {
    SplittableRandom root = new SplittableRandom(seed);
    return () -> {
      synchronized (root) {
        return root.split();
      }
    };
  }

  private static Ends ends(ChannelModel channel, long seed) throws Exception {
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    Bb84Links la = Bb84Links.start(new LinkOptions("kme-a", "a", any, List.of(),
        ChannelModel.ideal(), SMALL, 32, 12, Duration.ofMillis(50)), SECRET, seeded(seed));
    Bb84Links lb = Bb84Links.start(new LinkOptions("kme-b", "b", null,
        List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), la.port())), channel,
        SMALL, 32, 12, Duration.ofMillis(50)), SECRET, seeded(seed + 1));
    SimulatedKme a = SimulatedKme.onBb84Links(SimSettings.defaults(SimSettings.Mode.LINK,
        "kme-a", "kme-b"), SECRET, InstantSource.system(), List.of("b"), la);
    SimulatedKme b = SimulatedKme.onBb84Links(SimSettings.defaults(SimSettings.Mode.LINK,
        "kme-b", "kme-a"), SECRET, InstantSource.system(), List.of("a"), lb);
    la.awaitStream("b", WAIT).orElseThrow();
    lb.awaitStream("a", WAIT).orElseThrow();
    return new Ends(a, b, store(la), store(lb));
  }

  private static Etsi004Store store(Bb84Links links) {
    return Etsi004Store.onBb84Links(SECRET, new SplittableRandom(7), InstantSource.system(),
        Etsi004Limits.DEFAULT, links, 32, INDICES, WAIT);
  }

  private static OpenConnectResponse open(Etsi004Store store, String self, String peer,
      KeyStreamId ksid, long chunk) {
    return store.openAndWait(new OpenConnectRequest(self, peer, QOS.withKeyChunkSize(chunk),
        ksid));
  }

  private static GetKeyResponse get(Etsi004Store store, KeyStreamId ksid, long index) {
    return store.getKey(new GetKeyRequest(ksid, index, 0));
  }

  private static String hex(Secret s) {
    return HexFormat.of().formatHex(s.reveal());
  }

  @Test
  void aStreamUnusedForItsTtl_dropsItsRun_asACloseDoes() throws Exception {
    try (Ends e = ends(ChannelModel.ideal(), 41)) {
      ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
      Etsi004Store store = Etsi004Store.onBb84Links(SECRET, new SplittableRandom(9), clock,
          Etsi004Limits.DEFAULT, e.a().bb84Links().orElseThrow(), 32, INDICES, WAIT);
      var atA = e.a().bb84Links().orElseThrow().streamFor("b").orElseThrow();
      long before = atA.missing();
      KeyStreamId ksid = store.openAndWait(new OpenConnectRequest("a", "b",
          new Qos(32, 0, 0, 0, 0, 5000, 1, ""), KeyStreamId.NULL)).ksid();
      assertTrue(atA.missing() > before, "the run's slots are still to come");

      clock.advance(Duration.ofSeconds(2));
      assertEquals(Etsi004Store.STREAM_NOT_FOUND, get(store, ksid, 0).status(), "expired");
      assertTrue(atA.missing() <= before, "the expired run no longer holds back the link: "
          + atA.missing() + " > " + before);
    }
  }

  @Test
  void bothEnds_giveTheSameKeyForAnIndex_differentKeysForOthers_andNeverAn014Key()
      throws Exception {
    try (Ends e = ends(new ChannelModel(0.1, 0.9, 0.02, false), 31)) {
      OpenConnectResponse opened = open(e.a004(), "a", "b", KeyStreamId.NULL, 32);
      assertEquals(Status.SUCCESSFUL, opened.status());
      KeyStreamId ksid = opened.ksid();
      assertEquals(32, open(e.b004(), "b", "a", ksid, 0).qos().keyChunkSize(),
          "the peer end takes the chunk size the KSID names");
      var atA014 = e.a().bb84Links().orElseThrow().streamFor("b").orElseThrow();
      var atB014 = e.b().bb84Links().orElseThrow().streamFor("a").orElseThrow();
      assertTrue(atA014.await(0, 4, WAIT) && atB014.await(0, 4, WAIT));
      List<DeliveredKey> from014 = new java.util.ArrayList<>(
          ((SimAnswer.Keys) e.a().encKeys("a", "b", 4, 256)).keys());
      from014.addAll(((SimAnswer.Keys) e.b().encKeys("b", "a", 4, 256)).keys());

      Set<String> seen = new HashSet<>();
      from014.forEach(k -> seen.add(hex(k.key())));
      for (long i = 0; i < 4; i++) {
        GetKeyResponse atA = get(e.a004(), ksid, i);
        GetKeyResponse atB = get(e.b004(), ksid, i);
        assertEquals(Status.SUCCESSFUL, atA.status(), "index " + i);
        assertEquals(Status.SUCCESSFUL, atB.status(), "index " + i);
        assertEquals(32, atA.key().length());
        assertTrue(atA.key().sameAs(atB.key()), "index " + i + ": the same key at both ends");
        assertTrue(seen.add(hex(atA.key())), "index " + i + ": a key no other index or ETSI "
            + "014 gave");
      }
      // The other end's own stream: its share, again the same at both ends and new.
      KeyStreamId fromB = open(e.b004(), "b", "a", KeyStreamId.NULL, 64).ksid();
      assertEquals(Status.OC_QOS_NOT_MET, open(e.a004(), "a", "b", fromB, 32).status());
      assertEquals(Status.SUCCESSFUL, open(e.a004(), "a", "b", fromB, 64).status());
      GetKeyResponse twoSlots = get(e.b004(), fromB, 0);
      assertEquals(64, twoSlots.key().length());
      assertTrue(twoSlots.key().sameAs(get(e.a004(), fromB, 0).key()));
      assertTrue(seen.add(hex(twoSlots.key())));
      // 014 after the reservations still never hands out a 004 slot.
      assertTrue(atA014.await(0, 4, WAIT));
      for (DeliveredKey k : ((SimAnswer.Keys) e.a().encKeys("a", "b", 4, 256)).keys()) {
        assertTrue(seen.add(hex(k.key())), "an ETSI 014 key no ETSI 004 index gave");
      }
      for (long i = 4; i < INDICES; i++) {
        GetKeyResponse atA = get(e.a004(), ksid, i);
        assertTrue(atA.key().sameAs(get(e.b004(), ksid, i).key()));
        assertTrue(seen.add(hex(atA.key())), "index " + i);
      }

      assertEquals(Etsi004Store.STREAM_NOT_FOUND, get(e.a004(), ksid, 0).status(),
          "an index is given once per end");
      assertEquals(Etsi004Store.STREAM_NOT_FOUND, get(e.b004(), ksid, INDICES).status(),
          "past the stream's run: used up, the client opens a new stream");
      assertEquals(Status.SUCCESSFUL, e.a004().close(new CloseRequest(fromB)).status());
    }
  }

  @Test
  void aForgedKsid_isRefused() throws Exception {
    try (Ends e = ends(ChannelModel.ideal(), 41)) {
      KeyStreamId real = open(e.a004(), "a", "b", KeyStreamId.NULL, 32).ksid();
      byte[] otherRun = real.toBytes();
      otherRun[4] ^= 2; // another first slot of the same parity, the tag unchanged
      byte[] badTag = real.toBytes();
      badTag[15] ^= 1;
      for (KeyStreamId forged : List.of(KeyStreamId.of(otherRun), KeyStreamId.of(badTag),
          new KeyStreamId(0x1234, 0x5678))) {
        OpenConnectResponse r = open(e.b004(), "b", "a", forged, 32);
        assertEquals(Etsi004Store.STREAM_NOT_FOUND, r.status(), forged.toString());
        assertEquals(Etsi004Store.STREAM_NOT_FOUND, get(e.b004(), forged, 0).status());
      }
      assertEquals(Status.SUCCESSFUL, open(e.b004(), "b", "a", real, 32).status());

      // The owner's own run, once closed there, is not taken back by its tag alone.
      assertEquals(Status.SUCCESSFUL, e.a004().close(new CloseRequest(real)).status());
      assertEquals(Etsi004Store.STREAM_NOT_FOUND, open(e.a004(), "a", "b", real, 32).status());
    }
  }

  @Test
  void a004Stream_reservesSlotsStillToCome_so014KeepsTheKeysOnHand() throws Exception {
    try (Ends e = ends(ChannelModel.ideal(), 61)) {
      var atA = e.a().bb84Links().orElseThrow().streamFor("b").orElseThrow();
      assertTrue(atA.await(1, 4, WAIT));
      int onHand = atA.stored(1);

      KeyStreamId ksid = open(e.a004(), "a", "b", KeyStreamId.NULL, 32).ksid();

      assertEquals(onHand, atA.stored(1), "the reservation takes none of the keys on hand");
      assertTrue(e.a().encKeys("a", "b", 4, 256) instanceof SimAnswer.Keys);
      GetKeyResponse first = get(e.a004(), ksid, 0); // waits for the link to bring it
      assertEquals(Status.SUCCESSFUL, first.status());
      assertEquals(Status.SUCCESSFUL, open(e.b004(), "b", "a", ksid, 32).status());
      assertTrue(first.key().sameAs(get(e.b004(), ksid, 0).key()));

      // A big chunk gets fewer indices: a run holds at most 65,536 slots (2 MiB).
      Etsi004Store wide = Etsi004Store.onBb84Links(SECRET, new SplittableRandom(8),
          InstantSource.system(), Etsi004Limits.DEFAULT, e.a().bb84Links().orElseThrow(), 32,
          1024, WAIT);
      e.a004().close(new CloseRequest(ksid));
      KeyStreamId big = open(wide, "a", "b", KeyStreamId.NULL, 65536).ksid();
      assertTrue(atA.missing() <= 65536, "missing " + atA.missing());
      assertEquals(Etsi004Store.STREAM_NOT_FOUND, get(wide, big, 32).status(), "32 x 2048 slots");
      wide.close(new CloseRequest(big));
      assertEquals(0, atA.missing(), "a CLOSE drops the run");
    }
  }

  @Test
  void anEavesdroppedLink_deliversNo004Key_andTheStatusSaysNoQkdConnection() throws Exception {
    try (Ends e = ends(new ChannelModel(0, 1, 0, true), 51)) {
      var stream = e.a().bb84Links().orElseThrow().streamFor("b").orElseThrow();
      assertTrue(stream.await(2, 0, WAIT));
      KeyStreamId ksid = open(e.a004(), "a", "b", KeyStreamId.NULL, 32).ksid();
      assertEquals(Status.SUCCESSFUL, open(e.b004(), "b", "a", ksid, 32).status());

      assertEquals(Status.NO_QKD_CONNECTION, get(e.a004(), ksid, 0).status());
      assertEquals(Status.NO_QKD_CONNECTION, get(e.b004(), ksid, 0).status());
      assertTrue(stream.state().contains("aborted: QBER ")
          && Qber.ofAnEavesdropper(stream.state()), stream.state());
      assertEquals(0, stream.status(1).secretBits());
      assertFalse(e.a().keysDelivered() > 0);
    }
  }
}
