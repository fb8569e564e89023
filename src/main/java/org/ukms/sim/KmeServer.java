package org.ukms.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import org.ukms.http.HttpReply;
import org.ukms.http.HttpServer;
import org.ukms.http.Route;
import org.ukms.http.Workers;

/**
 * A standalone simulated KME: an {@link EtsiFrontEnd} on its own port, over plain HTTP or over
 * TLS 1.2/1.3 with a required client certificate (S-01), plus {@code GET /metrics}; on the same
 * {@link HttpServer} as the peer API. Owns its threads and port: close it.
 */
public final class KmeServer implements AutoCloseable {
  /** Requests waiting for a free thread; beyond that, 503 at once. */
  static final int QUEUE = 1024;

  private final HttpServer server;
  private final EtsiFrontEnd frontEnd;
  private final boolean tls;

  private KmeServer(HttpServer server, EtsiFrontEnd frontEnd, boolean tls) {
    this.server = server;
    this.frontEnd = frontEnd;
    this.tls = tls;
  }

  public EtsiFrontEnd frontEnd() {
    return frontEnd;
  }

  /**
   * Binds and starts; {@code tlsContext} null means plain HTTP. Answers come from memory, on the
   * I/O threads; with injected latency, up to {@code threads} requests are answered at once on
   * their own threads instead ({@code ukms-kme-http-N}, where a request sleeps).
   */
  public static KmeServer start(InetSocketAddress address, EtsiFrontEnd frontEnd,
      SSLContext tlsContext, int threads) throws IOException {
    Workers workers = frontEnd.mayBlock() ? new Workers("ukms-kme-http", threads, QUEUE)
        : Workers.INLINE;
    HttpServer server = HttpServer.builder("ukms-kme", address).tls(tlsContext)
        .route(new Route(EtsiFrontEnd.PREFIX, EtsiFrontEnd.MAX_BODY, workers, frontEnd))
        .route(new Route("/metrics", 0, workers,
            request -> HttpReply.text(200, SimMetrics.CONTENT_TYPE, frontEnd.metricsText())))
        .route(new Route("/", 0, workers,
            request -> HttpReply.json(404, "{\"message\":\"no such route\"}")))
        .start();
    return new KmeServer(server, frontEnd, tlsContext != null);
  }

  public int port() {
    return server.port();
  }

  /** The base URL clients use, e.g. {@code https://127.0.0.1:8443}. */
  public String url() {
    return server.url(tls);
  }

  @Override
  public void close() {
    server.close();
  }
}
