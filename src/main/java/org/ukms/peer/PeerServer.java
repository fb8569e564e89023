package org.ukms.peer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import org.ukms.http.HttpHandler;
import org.ukms.http.HttpReply;
import org.ukms.http.HttpRequest;
import org.ukms.http.HttpServer;
import org.ukms.http.Limits;
import org.ukms.http.Route;
import org.ukms.http.Workers;

/**
 * The peer API: the v1 routes ({@link V1Routes}, byte for byte as uKMS), the v2 routes ({@link
 * V2Routes}) and optionally the embedded fake KME under {@code /api/v1/keys/}, on one {@link
 * HttpServer} with the default {@link Limits}. Peer requests run on a fixed pool of {@code
 * ukms-peer-http} workers, independent of the number of peers; the fake KME on the I/O threads
 * (or on its own pool when it injects latency), so a peer request that calls it on this same port
 * never waits for its own pool. Owns its threads and
 * port: close it.
 */
public final class PeerServer implements AutoCloseable {
  private static final String KEYS_PREFIX = "/api/v1/keys/";

  /**
   * Peer requests handled at once: each may call our KME and install a PSK (bounded by their
   * timeouts); a peer has at most one request towards us in flight, so this many serve any
   * number of peers, just later. More wait in a queue of {@link #QUEUE} (room for every peer of
   * a large node at once); beyond it, 503.
   */
  public static final int WORKERS = 16;
  static final int QUEUE = 1024;
  /** The embedded fake KME answers from memory; a few threads suffice (see docs/threads.md). */
  static final int FAKE_KME_WORKERS = 4;
  static final int FAKE_KME_QUEUE = 1024;
  /** Request bodies of the fake KME, as its own limit (EtsiFrontEnd.MAX_BODY). */
  static final int FAKE_KME_MAX_BODY = 64 * 1024;
  /** How long {@link #close()} lets running exchanges finish. */
  static final long DRAIN_MILLIS = 1000;

  private final HttpServer server;

  private PeerServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Binds and starts without v2. {@code keys} may be null (no fake KME). Up to {@code workers}
   * peer requests run at once.
   */
  public static PeerServer start(InetSocketAddress address, V1Responder responder,
      HttpHandler keys, int workers) throws IOException {
    return start(address, responder, null, keys, workers);
  }

  /** As above, also serving v2 ({@code v2} may be null: no v2 peers). */
  public static PeerServer start(InetSocketAddress address, V1Responder responder,
      V2Responder v2, HttpHandler keys, int workers) throws IOException {
    return start(address, responder, v2, keys, workers, Limits.DEFAULT, InstantSource.system());
  }

  /** As above, with other limits and the clock of the v2 refusal log (tests). */
  static PeerServer start(InetSocketAddress address, V1Responder responder, V2Responder v2,
      HttpHandler keys, int workers, Limits limits, InstantSource clock) throws IOException {
    V1Routes v1Routes = new V1Routes(responder);
    V2Routes v2Routes = v2 == null ? null : new V2Routes(v2, clock);
    HttpHandler peers = request -> route(request, v1Routes, v2Routes);
    HttpServer.Builder builder = HttpServer.builder("ukms-peer", address).limits(limits)
        .drain(Duration.ofMillis(DRAIN_MILLIS));
    if (keys != null) {
      // Answered from memory on the I/O thread, unless latency is injected (then it sleeps).
      builder.route(new Route(KEYS_PREFIX, FAKE_KME_MAX_BODY, keys.mayBlock()
          ? new Workers("ukms-fake-kme", FAKE_KME_WORKERS, FAKE_KME_QUEUE) : Workers.INLINE, keys));
    }
    builder.route(new Route("/", V2Routes.MAX_BODY,
        new Workers("ukms-peer-http", workers, QUEUE), peers));
    return new PeerServer(builder.start());
  }

  private static HttpReply route(HttpRequest request, V1Routes v1, V2Routes v2) {
    if (v2 != null && request.rawPath().startsWith(V2Routes.PREFIX)) {
      return v2.handle(request);
    }
    return v1.handle(request);
  }

  public int port() {
    return server.port();
  }

  /** Lets running exchanges finish (up to {@link #DRAIN_MILLIS}), then ends port and threads. */
  @Override
  public void close() {
    server.close();
  }
}
