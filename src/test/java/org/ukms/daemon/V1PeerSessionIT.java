package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ukms.config.EtsiMethod;
import org.ukms.config.KmeSettings;
import org.ukms.config.PeerConfig;
import org.ukms.config.Protocol;
import org.ukms.config.TlsFiles;
import org.ukms.core.Backoff;
import org.ukms.core.V1PeerRotation;
import org.ukms.kme.KmeRejectedException;
import org.ukms.kme.KmeUnavailableException;
import org.ukms.kme.OkHttpKmeClient;
import org.ukms.peer.OkHttpPeerClient;
import org.ukms.peer.V1Responder;
import org.ukms.testing.ManualClock;
import org.ukms.testing.ManualScheduler;
import org.ukms.testing.RecordingSink;

/** One peer session against a KME and a peer daemon on MockWebServer. */
class V1PeerSessionIT {
  static final String ID1 = "11111111-2222-4333-8444-555555555555";
  static final String ID2 = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
  static final String ID3 = "33333333-2222-4333-8444-555555555555";
  static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final OkHttpClient http = new OkHttpClient();
  private final ObjectMapper mapper = new ObjectMapper();
  private final RecordingSink sink = new RecordingSink();
  private final RotationStats stats = new RotationStats();
  private MockWebServer kme;
  private MockWebServer peer;

  @BeforeEach
  void start() throws Exception {
    kme = new MockWebServer();
    kme.start();
    peer = new MockWebServer();
    peer.start();
  }

  @AfterEach
  void stop() {
    kme.close();
    peer.close();
  }

  static PeerConfig peerConfig(String id, URI kmeUrl, URI peerUrl) {
    KmeSettings settings = new KmeSettings(kmeUrl, EtsiMethod.GET, new TlsFiles(null, null, null),
        Duration.ofSeconds(2), Duration.ofSeconds(5));
    return new PeerConfig(id, id, "alice", "alice-sae", id + "-sae", peerUrl, settings,
        Duration.ofSeconds(120), Duration.ofSeconds(5), Protocol.UKMS_V1);
  }

  V1PeerSession session(PeerConfig config, Scheduler s, RecordingSink recordingSink)
      throws Exception {
    return new V1PeerSession(config, clock, s, new Backoff(new SplittableRandom(1)),
        OkHttpKmeClient.create(config.kme(), http, mapper), new OkHttpPeerClient(http, mapper),
        recordingSink, stats);
  }

  V1PeerSession session() throws Exception {
    return session(peerConfig("bob", URI.create(kme.url("/").toString()),
        URI.create(peer.url("/").toString())), scheduler, sink);
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json")
        .body(body).build();
  }

  static MockResponse keys(String id) {
    return json(200, "{\"keys\":[{\"key_ID\":\"" + id + "\",\"key\":\"" + KEY + "\"}]}");
  }

  static MockResponse peerAnswer(String id) {
    return json(200, "{\"status\": \"ok\", \"key_ID\": \"" + id + "\"}");
  }

  @Test
  void c15_consumedKey_isAbandonedAndTheRoundRestartsWithANewKey() throws Exception {
    V1PeerSession s = session();
    peer.enqueue(peerAnswer(ID1));
    kme.enqueue(json(400, "{\"message\":\"" + KmeRejectedException.KEYS_NOT_FOUND + "\"}"));
    peer.enqueue(peerAnswer(ID2));
    kme.enqueue(keys(ID2));
    s.start();

    scheduler.runDue();
    Instant retryAt = scheduler.nextDue().orElseThrow();
    scheduler.advance(Duration.between(clock.instant(), retryAt));

    assertTrue(Duration.between(Instant.parse("2030-01-01T00:00:00Z"), retryAt).toMillis() <= 500,
        "a consumed key restarts at the short backoff, not the 30 s cap");
    assertEquals("/api/v1/peer/alice/new", peer.takeRequest().getTarget());
    assertEquals("/api/v1/peer/alice/rotate", peer.takeRequest().getTarget());
    assertEquals("/api/v1/keys/bob-sae/dec_keys?key_ID=" + ID1, kme.takeRequest().getTarget());
    assertEquals("/api/v1/keys/bob-sae/dec_keys?key_ID=" + ID2, kme.takeRequest().getTarget());
    assertEquals(1, stats.of("bob").failures());
  }

  @Test
  void c18_c20_installedPskIsZeroed_andBothKmeCallsNameThePeersSae() throws Exception {
    V1PeerSession s = session();
    kme.enqueue(keys(ID1));
    assertTrue(s.respond(V1PeerRotation.Call.ROTATE) instanceof V1Responder.Served);
    peer.enqueue(peerAnswer(ID2));
    kme.enqueue(keys(ID2));
    s.start();

    scheduler.runDue();

    assertEquals("/api/v1/keys/bob-sae/enc_keys?number=1&size=256", kme.takeRequest().getTarget());
    assertEquals("/api/v1/keys/bob-sae/dec_keys?key_ID=" + ID2, kme.takeRequest().getTarget());
    assertEquals(1, sink.installed.size());
    assertTrue(sink.installed.get(0).isDestroyed(), "PSK buffer zeroed once installed");
    assertEquals(1, stats.of("bob").installs());
    assertEquals(ID1, stats.of("bob").localKeyId().value());
    assertEquals(ID2, stats.of("bob").remoteKeyId().value());
  }

  @Test
  void kmeDown_keepsTheLastPskAndRetriesWithBackoff() throws Exception {
    V1PeerSession s = session();
    kme.enqueue(keys(ID1));
    s.respond(V1PeerRotation.Call.ROTATE);
    peer.enqueue(peerAnswer(ID2));
    kme.enqueue(keys(ID2));
    s.start();
    scheduler.runDue();
    assertEquals(1, sink.installed.size());
    peer.enqueue(peerAnswer(ID3));
    kme.enqueue(json(503, "{\"message\":\"insufficient keys\"}"));

    scheduler.advance(Duration.ofSeconds(120));

    assertEquals(1, sink.installed.size(), "no new PSK, the old one stays");
    assertEquals(1, stats.of("bob").failures());
    Duration retry = Duration.between(clock.instant(), scheduler.nextDue().orElseThrow());
    assertTrue(retry.toMillis() <= 500, "503 backs off from 0.5 s: " + retry);
  }

  @Test
  void garbledKmeAndPeerAnswers_failTheRoundAndRotationGoesOn() throws Exception {
    V1PeerSession s = session();
    kme.enqueue(keys(ID1));
    s.respond(V1PeerRotation.Call.ROTATE);
    peer.enqueue(peerAnswer(ID2));
    kme.enqueue(json(200, "{\"keys\":[{\"key_ID\":\"" + ID2 + "\",\"key\":\"short\"}]}"));
    peer.enqueue(json(200, "<html>proxy error</html>"));
    peer.enqueue(peerAnswer(ID3));
    kme.enqueue(keys(ID3));
    s.start();

    scheduler.runDue();
    scheduler.advance(Duration.ofSeconds(5));

    assertEquals(2, stats.of("bob").failures(), "one garbled KME answer, one garbled peer answer");
    assertEquals(1, sink.installed.size(), "the third round installs");
    assertEquals(ID3, stats.of("bob").remoteKeyId().value());
  }

  @Test
  void respond_kmeFailure_answersFailedAndKeepsState() throws Exception {
    V1PeerSession s = session();
    kme.enqueue(json(503, "{\"message\":\"insufficient keys\"}"));

    V1Responder.Answer answer = s.respond(V1PeerRotation.Call.ROTATE);

    assertTrue(answer instanceof V1Responder.Failed);
    assertEquals(0, sink.installed.size());
  }

  @Test
  void respond_new_redoesOurRoundAtOnce() throws Exception {
    V1PeerSession s = session();
    peer.enqueue(peerAnswer(ID1));
    kme.enqueue(keys(ID1));
    s.start();
    scheduler.runDue();
    clock.advance(Duration.ofSeconds(30));
    assertEquals(clock.instant().plusSeconds(90), scheduler.nextDue().orElseThrow());
    kme.enqueue(keys(ID2));

    s.respond(V1PeerRotation.Call.NEW);

    assertEquals(clock.instant(), scheduler.nextDue().orElseThrow());
    assertEquals(1, scheduler.pending(), "the old timer was replaced, not duplicated");
  }

  @Test
  void c14_failurePolicy_transientBacksOffFastRejectionsWait() {
    assertEquals(Backoff.Failure.TRANSIENT, V1PeerSession.kmeFailure(
        new KmeRejectedException(503, "insufficient keys", "x")));
    assertEquals(Backoff.Failure.TRANSIENT, V1PeerSession.kmeFailure(
        new KmeUnavailableException("x", null)));
    assertEquals(Backoff.Failure.TRANSIENT, V1PeerSession.kmeFailure(
        new KmeRejectedException(400, KmeRejectedException.KEYS_NOT_FOUND, "x")));
    assertEquals(Backoff.Failure.REJECTED, V1PeerSession.kmeFailure(
        new KmeRejectedException(400, "bad", "x")));
    assertEquals(Backoff.Failure.REJECTED, V1PeerSession.kmeFailure(
        new KmeRejectedException(401, null, "x")));
  }

  @Test
  void hungPeer_neverDelaysAnotherPeer() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (MockWebServer hung = new MockWebServer()) {
      hung.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
          release.await(30, TimeUnit.SECONDS);
          return new MockResponse.Builder().code(503).build();
        }
      });
      hung.start();
      ThreadPoolExecutor workers = new ThreadPoolExecutor(0, 4, 1, TimeUnit.SECONDS,
          new SynchronousQueue<>());
      try (ExecutorScheduler real = new ExecutorScheduler(clock, workers)) {
        CompletableFuture<String> fastInstalled = new CompletableFuture<>();
        RecordingSink fastSink = new RecordingSink(fastInstalled::complete);
        URI kmeUrl = URI.create(kme.url("/").toString());
        V1PeerSession slow = session(peerConfig("slow", kmeUrl,
            URI.create(hung.url("/").toString())), real, new RecordingSink());
        V1PeerSession fast = session(peerConfig("fast", kmeUrl,
            URI.create(peer.url("/").toString())), real, fastSink);
        kme.enqueue(keys(ID1));
        fast.respond(V1PeerRotation.Call.ROTATE);
        peer.enqueue(peerAnswer(ID2));
        kme.enqueue(keys(ID2));

        slow.start();
        hung.takeRequest(10, TimeUnit.SECONDS);
        fast.start();

        assertFalse(fastInstalled.get(10, TimeUnit.SECONDS).isEmpty());
        assertEquals(1, release.getCount(), "the slow peer was still hanging");
        release.countDown();
        slow.close();
        fast.close();
      } finally {
        workers.shutdownNow();
      }
    }
  }
}
