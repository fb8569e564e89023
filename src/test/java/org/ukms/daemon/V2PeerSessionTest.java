package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.PeerConfig;
import org.ukms.config.Protocol;
import org.ukms.config.V2Settings;
import org.ukms.core.Backoff;
import org.ukms.core.KeyRef;
import org.ukms.core.KeySource;
import org.ukms.core.KeySourceException;
import org.ukms.core.V2Chain;
import org.ukms.core.V2Exchange;
import org.ukms.core.V2Message;
import org.ukms.core.V2Schedule;
import org.ukms.crypto.Secret;
import org.ukms.crypto.V2Keys;
import org.ukms.peer.V2Transport;
import org.ukms.sink.ChainStateFile;
import org.ukms.testing.InMemoryV2Transport;
import org.ukms.testing.LogCapture;
import org.ukms.testing.ManualClock;
import org.ukms.testing.ManualScheduler;
import org.ukms.testing.RecordingSink;

/** The v2 driver on the in-memory transport: what it does around the core. */
class V2PeerSessionTest {
  private static final Duration PERIOD = Duration.ofSeconds(30);
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final V2Keys keys = V2Keys.of(Secret.copyOf(new byte[32]));
  private final RecordingSink aliceSink = new RecordingSink();
  private final RecordingSink bobSink = new RecordingSink();

  V2PeerSession session(String self, String peer, V2Transport transport, RecordingSink sink,
      Path stateDir) {
    return session(self, peer, transport, sink, stateDir, null);
  }

  V2PeerSession session(String self, String peer, V2Transport transport, RecordingSink sink,
      Path stateDir, KeySource source) {
    PeerConfig config = new PeerConfig(peer, peer, self, self, peer,
        URI.create("http://127.0.0.1:1"), null, PERIOD, Duration.ofSeconds(5), Protocol.V2,
        new V2Settings(dir.resolve("unused.key"), V2Schedule.Mode.PQC, PERIOD.multipliedBy(3),
            false, Duration.ofSeconds(60)));
    SecureRandom random = new SecureRandom();
    V2Exchange core = new V2Exchange(new V2Exchange.Settings(self, peer, V2Schedule.Mode.PQC,
        PERIOD, Duration.ofSeconds(5), PERIOD.multipliedBy(3), false), clock,
        new Backoff(random, PERIOD), random, V2Chain.initial(keys.initialChainKey(self, peer)),
        null, Duration.ZERO);
    return new V2PeerSession(config, core, scheduler, source, transport, null, sink,
        new ChainStateFile(stateDir, peer), new RotationStats(), InstallListener.NONE, clock,
        null, null);
  }

  @Test
  void unexpectedExceptionInARound_isLogged_andTheRoundIsRetried() {
    AtomicInteger calls = new AtomicInteger();
    InMemoryV2Transport wire = new InMemoryV2Transport();
    V2Transport buggy = request -> {
      if (calls.getAndIncrement() == 0) {
        throw new IllegalStateException("a bug in the transport");
      }
      return wire.send(request);
    };
    V2PeerSession alice = session("alice", "bob", buggy, aliceSink, dir.resolve("a"));
    V2PeerSession bob = session("bob", "alice", new InMemoryV2Transport(), bobSink,
        dir.resolve("b"));
    wire.connect(bob::offer, bob::confirm);

    try (LogCapture logs = new LogCapture()) {
      alice.round();
      assertTrue(logs.lines.stream().anyMatch(l -> l.contains("step=internal")
          && l.contains("a bug in the transport")), logs.lines.toString());
    }
    assertEquals(0, alice.epoch());
    alice.start();
    scheduler.advance(Backoff.INITIAL);

    assertEquals(1, alice.epoch(), "the retry ran and completed");
    assertTrue(aliceSink.installed.get(0).sameAs(bobSink.installed.get(0)));
  }

  @Test
  void responderStateCannotBeSaved_answers503_neitherSideInstalls_thenTheyConverge()
      throws Exception {
    Path bobState = dir.resolve("b");
    InMemoryV2Transport toBob = new InMemoryV2Transport();
    java.util.List<V2Message> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
    V2Transport recording = request -> {
      V2Message answer = toBob.send(request);
      answers.add(answer);
      return answer;
    };
    V2PeerSession alice = session("alice", "bob", recording, aliceSink, dir.resolve("a"));
    V2PeerSession bob = session("bob", "alice", new InMemoryV2Transport(), bobSink, bobState);
    toBob.connect(bob::offer, bob::confirm);
    Files.writeString(bobState, "not a folder"); // as ENOSPC or EROFS would: the save fails

    try (LogCapture logs = new LogCapture()) {
      alice.round();
      assertTrue(logs.lines.stream().anyMatch(l -> l.contains("step=save_state")
          && l.contains(bobState.resolve("alice.state").toString())), logs.lines.toString());
    }

    assertEquals(0, alice.epoch());
    assertEquals(0, bob.epoch());
    assertEquals(0, aliceSink.installed.size());
    assertEquals(0, bobSink.installed.size());
    V2Message last = answers.get(answers.size() - 1);
    assertEquals(V2Message.Reason.UNAVAILABLE, ((V2Message.Refused) last).reason(),
        "the confirm was answered 503: " + last);
    Files.delete(bobState);
    alice.round();
    assertEquals(1, alice.epoch());
    assertEquals(1, bob.epoch());
    assertTrue(aliceSink.installed.get(0).sameAs(bobSink.installed.get(0)));
  }

  @Test
  void codec_refusalReasonsTravelBack() {
    V2PeerSession bob = session("bob", "alice", new InMemoryV2Transport(), bobSink,
        dir.resolve("b"));
    InMemoryV2Transport wire = new InMemoryV2Transport();
    wire.connect(bob::offer, bob::confirm);

    V2Message answer = wire.send(new V2Message.Confirm(0, org.ukms.core.Blob.of(new byte[32])));

    assertEquals(V2Message.Reason.NO_EXCHANGE, ((V2Message.Refused) answer).reason());
  }

  /** A key source whose {@code fresh()} waits for {@link #release}; records its close. */
  static final class BlockingSource implements KeySource {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();
    final AtomicBoolean closed = new AtomicBoolean();

    @Override
    public Delivered fresh() throws KeySourceException {
      calls.incrementAndGet();
      if (closed.get()) {
        throw new KeySourceException("used after close", false, null);
      }
      entered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new Delivered(new KeyRef("k1"), Secret.copyOf(new byte[32]));
    }

    @Override
    public Secret fetch(KeyRef ref) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  @Test
  void close_waitsForARunningSkipKeyCall_beforeClosingTheKeySource_andRefusesNewOnes()
      throws Exception {
    BlockingSource source = new BlockingSource();
    V2PeerSession alice = session("alice", "bob", new InMemoryV2Transport(), aliceSink,
        dir.resolve("a"), source);
    KeySource skip = alice.keySourceForSkip();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<KeySource.Delivered> mint = thread.submit(skip::fresh);
      assertTrue(source.entered.await(10, TimeUnit.SECONDS));

      alice.close();
      assertFalse(source.closed.get(), "closed under a running SKIP call");
      assertFalse(alice.awaitIdle(Duration.ZERO), "the SKIP call counts as in flight");
      source.release.countDown();
      mint.get(10, TimeUnit.SECONDS).key().destroy();

      assertTrue(alice.awaitIdle(Duration.ofSeconds(10)));
      assertTrue(source.closed.get(), "closed once the call ended");
      KeySourceException e = assertThrows(KeySourceException.class,
          () -> alice.keySourceForSkip().fresh());
      assertTrue(e.isTransient());
      assertTrue(e.getMessage().contains("session is restarting"), e.getMessage());
      assertEquals(1, source.calls.get(), "a call after close never reaches the source");
    } finally {
      thread.shutdownNow();
    }
  }
}
