package org.ukms.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.crypto.Secret;

/**
 * Superseded PSKs are never written, the newest always is, and every caller learns whether a
 * write covered its PSK. Ordering comes from latches, not timing.
 */
class CoalescingPskSinkTest {
  @TempDir Path dir;

  /** A sink that records the first byte of each PSK written, optionally held at a latch. */
  static final class Recording implements PskSink {
    final List<Integer> writes = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch hold = new CountDownLatch(0);
    SinkException failWith;

    @Override
    public void install(Secret psk) throws SinkException {
      entered.countDown();
      try {
        hold.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failWith != null) {
        throw failWith;
      }
      writes.add((int) psk.reveal()[0]);
    }
  }

  static Secret psk(int first) {
    byte[] raw = new byte[32];
    raw[0] = (byte) first;
    return Secret.copyOf(raw);
  }

  @Test
  void supersededBeforeItsWrite_isSkipped_andItsCallerIsCoveredByTheNewer() throws Exception {
    Recording target = new Recording();
    CoalescingPskSink sink = new CoalescingPskSink(target);

    PskSink.Pending first = sink.submit(psk(1));
    PskSink.Pending second = sink.submit(psk(2));
    first.await(); // takes the free slot and writes the newest pending PSK: 2
    second.await(); // already covered: no write

    assertEquals(List.of(2), target.writes);
    assertEquals(1, sink.skipped());
  }

  @Test
  void submittedWhileAWriteRuns_theNewestIsWrittenNext_andOnlyOnce() throws Exception {
    Recording target = new Recording();
    target.hold = new CountDownLatch(1);
    CoalescingPskSink sink = new CoalescingPskSink(target);
    PskSink.Pending one = sink.submit(psk(1));
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> await(one));
    assertTrue(target.entered.await(10, TimeUnit.SECONDS)); // PSK 1 is being written

    PskSink.Pending two = sink.submit(psk(2));
    PskSink.Pending three = sink.submit(psk(3)); // supersedes 2 before its write began
    CompletableFuture<Void> b = CompletableFuture.runAsync(() -> await(two));
    CompletableFuture<Void> c = CompletableFuture.runAsync(() -> await(three));
    target.hold.countDown();
    CompletableFuture.allOf(writer, b, c).get(10, TimeUnit.SECONDS);

    assertEquals(List.of(1, 3), target.writes);
    assertEquals(1, sink.skipped());
  }

  @Test
  void failedWrite_failsEveryCallerItCovered_andTheNextPskIsWrittenAgain() throws Exception {
    Recording target = new Recording();
    SinkException full = new SinkException("cannot write x: No space left on device", null);
    target.failWith = full;
    CoalescingPskSink sink = new CoalescingPskSink(target);
    PskSink.Pending first = sink.submit(psk(1));
    PskSink.Pending second = sink.submit(psk(2));

    assertSame(full, assertThrows(SinkException.class, first::await));
    assertSame(full, assertThrows(SinkException.class, second::await));
    target.failWith = null;
    sink.install(psk(3));

    assertEquals(List.of(3), target.writes);
  }

  @Test
  void onAPskFile_theFileHoldsTheNewestPsk() throws Exception {
    PskFile file = new PskFile(dir, "bob");
    CoalescingPskSink sink = new CoalescingPskSink(file);

    PskSink.Pending older = sink.submit(psk(7));
    PskSink.Pending newer = sink.submit(psk(8));
    older.await();
    newer.await();

    assertTrue(file.load().orElseThrow().sameAs(psk(8)));
  }

  private static void await(PskSink.Pending pending) {
    try {
      pending.await();
    } catch (SinkException e) {
      throw new AssertionError(e);
    }
  }
}
