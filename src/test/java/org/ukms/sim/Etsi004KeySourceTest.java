package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ukms.core.KeyRef;
import org.ukms.core.KeySource;
import org.ukms.core.KeySourceException;
import org.ukms.crypto.Secret;
import org.ukms.etsi004.BinaryCodec;
import org.ukms.etsi004.Etsi004Client;
import org.ukms.etsi004.Etsi004KeySource;
import org.ukms.etsi004.KeyStream;
import org.ukms.etsi004.Qos;
import org.ukms.etsi004.SocketTransport;
import org.ukms.testing.ManualClock;

/**
 * ETSI 004 behind the key-source seam, against two linked mock KMs: the initiator's fresh key is
 * fetched by its {@code KSID:index} reference at the other end; indices move on and are never
 * asked twice; a restarted source opens a new stream; a malformed reference is refused. Two
 * exchanges at once (rotation and SKIP) may reach the peer out of order: each index is still
 * fetched once, within {@link KeyStream#WINDOW} of the highest one.
 */
class Etsi004KeySourceTest {
  private static final Qos QOS = Qos.wireGuard(2000, 3600);
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final Secret link = Secret.copyOf(new byte[32]);
  private final Etsi004Server kmA = start(1);
  private final Etsi004Server kmB = start(2);
  private final KeySource alice = source(kmA, "wgrot://alice", "wgrot://bob");
  private final KeySource bob = source(kmB, "wgrot://bob", "wgrot://alice");

  Etsi004Server start(long seed) {
    try {
      return Etsi004Server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
          Etsi004Store.linked(link, new SplittableRandom(seed)), null, 8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  KeySource source(Etsi004Server km, String self, String peer) {
    return new Etsi004KeySource(new Etsi004Client(SocketTransport.plain("127.0.0.1", km.port(),
        QOS), BinaryCodec.v211(), clock), self, peer, QOS);
  }

  @AfterEach
  void stop() {
    alice.close();
    bob.close();
    kmA.close();
    kmB.close();
  }

  @Test
  void freshKeys_fetchedByKsidAndIndex_atTheOtherEnd_areTheSame() throws Exception {
    KeySource.Delivered first = alice.fresh();
    KeySource.Delivered second = alice.fresh();

    assertTrue(first.ref().value().endsWith(":0"), first.ref().value());
    assertTrue(second.ref().value().endsWith(":1"), second.ref().value());
    assertTrue(first.key().sameAs(bob.fetch(first.ref())));
    assertTrue(second.key().sameAs(bob.fetch(second.ref())));
    assertFalse(first.key().sameAs(second.key()));
    assertEquals(32, first.key().length());
  }

  @Test
  void anIndexAlreadyFetched_isNeverAskedAgain() throws Exception {
    KeySource.Delivered key = alice.fresh();
    bob.fetch(key.ref());

    KeySourceException e = assertThrows(KeySourceException.class, () -> bob.fetch(key.ref()));
    assertFalse(e.isTransient());
  }

  @Test
  void aRestartedSource_opensANewStream_soNoIndexRepeats() throws Exception {
    KeyRef before = alice.fresh().ref();
    alice.close();
    KeySource restarted = source(kmA, "wgrot://alice", "wgrot://bob");
    KeyRef after = restarted.fresh().ref();
    restarted.close();

    assertNotEquals(before.value().split(":")[0], after.value().split(":")[0]);
  }

  @Test
  void aReferenceThatIsNoStreamAndIndex_isRefused() {
    for (String bad : new String[] {"7fb22ed2-d3f4-2eba-af85-f54046d5216e", "abc:1",
        "7fb22ed2-d3f4-2eba-af85-f54046d5216e:4294967296"}) {
      KeySourceException e = assertThrows(KeySourceException.class,
          () -> bob.fetch(new KeyRef(bad)));
      assertFalse(e.isTransient());
      assertTrue(e.getMessage().contains("is not an ETSI 004 KEY_STREAM_ID:index"), bad);
    }
  }

  static KeyRef at(KeySource.Delivered key, long index) {
    return new KeyRef(key.ref().value().split(":")[0] + ":" + index);
  }

  @Test
  void fetchesArrivingOutOfOrder_bothSucceed_eachIndexOnce_andOneBelowTheWindowIsRefused()
      throws Exception {
    KeySource.Delivered first = alice.fresh();
    KeySource.Delivered second = alice.fresh();

    assertTrue(second.key().sameAs(bob.fetch(second.ref())), "index 1 first");
    assertTrue(first.key().sameAs(bob.fetch(first.ref())), "then index 0: not refused");
    KeySourceException again = assertThrows(KeySourceException.class,
        () -> bob.fetch(first.ref()));
    assertFalse(again.isTransient());
    assertTrue(again.getMessage().contains("index 0 was already used"), again.getMessage());

    Secret far = bob.fetch(at(first, 2 + KeyStream.WINDOW)); // index 2 is now below the window
    far.destroy();
    KeySourceException old = assertThrows(KeySourceException.class,
        () -> bob.fetch(at(first, 2)));
    assertFalse(old.isTransient());
    assertTrue(old.getMessage().contains("more than " + KeyStream.WINDOW + " below"),
        old.getMessage());
    bob.fetch(at(first, 3)).destroy(); // the lowest index still in the window: once
    assertThrows(KeySourceException.class, () -> bob.fetch(at(first, 3)));
  }

  @Test
  void twoConcurrentFreshKeys_fetchedInReverseOrder_bothMatch() throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try {
      List<Future<KeySource.Delivered>> calls = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        calls.add(callers.submit(() -> {
          start.await(5, TimeUnit.SECONDS);
          return alice.fresh();
        }));
      }
      List<KeySource.Delivered> keys = new ArrayList<>();
      for (Future<KeySource.Delivered> call : calls) {
        keys.add(call.get(10, TimeUnit.SECONDS));
      }
      keys.sort(Comparator.comparingLong(
          (KeySource.Delivered k) -> Long.parseLong(k.ref().value().split(":")[1])).reversed());

      assertNotEquals(keys.get(0).ref(), keys.get(1).ref());
      for (KeySource.Delivered key : keys) { // the higher index reaches bob first
        assertTrue(key.key().sameAs(bob.fetch(key.ref())), key.ref().value());
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void afterClose_freshAndFetch_failForGood() throws Exception {
    KeySource.Delivered key = alice.fresh();
    alice.close();
    bob.close();

    for (org.junit.jupiter.api.function.Executable call : List.<
        org.junit.jupiter.api.function.Executable>of(alice::fresh, () -> bob.fetch(key.ref()))) {
      KeySourceException e = assertThrows(KeySourceException.class, call);
      assertFalse(e.isTransient());
      assertTrue(e.getMessage().endsWith(": key source closed"), e.getMessage());
    }
  }
}
