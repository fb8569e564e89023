package org.ukms.peer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.ukms.core.V1PeerRotation;
import org.ukms.http.Replies;
import org.ukms.http.Servers;

/**
 * The peer API on the JDK's HTTP server, with a bounded pool of handler threads. Routes, byte for
 * byte as uKMS (ukms-v1.md section 3): {@code GET /api/v1/peer/<caller>/new|rotate} with no query;
 * anything else is 404 {@code 404 Not Found}. An optional handler serves {@code /api/v1/keys/}
 * (the embedded fake KME). Owns its threads and port: close it.
 */
public final class PeerServer implements AutoCloseable {
  private static final System.Logger logger = System.getLogger(PeerServer.class.getName());
  private static final String PEER_PREFIX = "/api/v1/peer/";
  private static final String KEYS_PREFIX = "/api/v1/keys/";

  /** How long {@link #close()} lets running exchanges finish. */
  static final long DRAIN_MILLIS = 1000;

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final InFlight inFlight;

  private PeerServer(HttpServer server, ThreadPoolExecutor executor, InFlight inFlight) {
    this.server = server;
    this.executor = executor;
    this.inFlight = inFlight;
  }

  /**
   * Binds and starts. {@code keys} may be null (no fake KME). Up to {@code maxThreads} requests
   * run at once, each on its own thread, created on demand and ended after 30 s idle; beyond that
   * the connection is closed and the caller retries. The bound must leave room for nesting: a
   * peer request that calls the embedded fake KME on this same server needs a second thread, so
   * a bound below twice the concurrent peer requests could deadlock until timeouts.
   */
  public static PeerServer start(InetSocketAddress address, V1Responder responder,
      HttpHandler keys, int maxThreads) throws IOException {
    return start(address, responder, null, keys, maxThreads);
  }

  /** As above, also serving v2 ({@code v2} may be null: no v2 peers). */
  public static PeerServer start(InetSocketAddress address, V1Responder responder,
      V2Responder v2, HttpHandler keys, int maxThreads) throws IOException {
    ThreadPoolExecutor executor =
        Servers.onDemandPool("ukms-peer-http", maxThreads, Duration.ofSeconds(30));
    HttpServer server = Servers.http(address, 128);
    server.setExecutor(executor);
    InFlight inFlight = new InFlight();
    V2Routes v2Routes = v2 == null ? null : new V2Routes(v2, InstantSource.system());
    server.createContext("/", exchange -> {
      inFlight.enter();
      try {
        if (v2Routes != null
            && exchange.getRequestURI().getRawPath().startsWith(V2Routes.PREFIX)) {
          v2Routes.handle(exchange);
        } else {
          route(exchange, responder, keys);
        }
      } finally {
        inFlight.exit();
      }
    });
    server.start();
    return new PeerServer(server, executor, inFlight);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void route(HttpExchange exchange, V1Responder responder, HttpHandler keys)
      throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      if (keys != null && path.startsWith(KEYS_PREFIX)) {
        keys.handle(exchange);
        return;
      }
      if (!path.startsWith(PEER_PREFIX) || exchange.getRequestURI().getRawQuery() != null) {
        notFound(exchange);
        return;
      }
      V1PeerRotation.Call call = path.endsWith("/new") ? V1PeerRotation.Call.NEW
          : path.endsWith("/rotate") ? V1PeerRotation.Call.ROTATE : null;
      String[] segments = path.split("/", -1);
      if (call == null || segments.length < 2) {
        notFound(exchange);
        return;
      }
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        Replies.send(exchange, 405, null, "405 Method Not Allowed");
        return;
      }
      String caller = segments[segments.length - 2];
      V1Responder.Answer answer = responder.respond(caller, call);
      if (answer instanceof V1Responder.Served served) {
        Replies.send(exchange, 200, "application/json",
            "{\"status\": \"ok\", \"key_ID\": \"" + served.keyId().value() + "\"}");
      } else if (answer instanceof V1Responder.Failed failed) {
        Replies.send(exchange, 503, "application/json",
            "{\"status\": \"error\", \"message\": \"" + failed.reason().replace("\"", "'") + "\"}");
      } else {
        notFound(exchange);
      }
    } catch (RuntimeException e) {
      logger.log(System.Logger.Level.ERROR, "peer request failed: " + e);
    }
  }

  private static void notFound(HttpExchange exchange) throws IOException {
    Replies.send(exchange, 404, null, "404 Not Found");
  }

  /** Lets running exchanges finish (up to {@link #DRAIN_MILLIS}), then stops and ends the threads. */
  @Override
  public void close() {
    inFlight.awaitIdle(DRAIN_MILLIS);
    server.stop(0);
    executor.shutdownNow();
  }

  /** Counts running exchanges, so close() waits for them and no longer. */
  private static final class InFlight {
    private int running;

    synchronized void enter() {
      running++;
    }

    synchronized void exit() {
      running--;
      if (running == 0) {
        notifyAll();
      }
    }

    synchronized void awaitIdle(long millis) {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      long left;
      while (running > 0 && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
