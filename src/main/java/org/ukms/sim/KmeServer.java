package org.ukms.sim;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ThreadPoolExecutor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.ukms.http.Replies;
import org.ukms.http.Servers;

/**
 * A standalone simulated KME: an {@link EtsiFrontEnd} on its own port, over plain HTTP or over
 * TLS 1.2/1.3 with a required client certificate (S-01), plus {@code GET /metrics}. Owns its
 * threads and port: close it.
 */
public final class KmeServer implements AutoCloseable {
  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final EtsiFrontEnd frontEnd;
  private final boolean tls;

  private KmeServer(HttpServer server, ThreadPoolExecutor executor, EtsiFrontEnd frontEnd,
      boolean tls) {
    this.server = server;
    this.executor = executor;
    this.frontEnd = frontEnd;
    this.tls = tls;
  }

  public EtsiFrontEnd frontEnd() {
    return frontEnd;
  }

  /** Binds and starts; {@code tlsContext} null means plain HTTP. */
  public static KmeServer start(InetSocketAddress address, EtsiFrontEnd frontEnd,
      SSLContext tlsContext, int maxThreads) throws IOException {
    HttpServer server;
    if (tlsContext == null) {
      server = Servers.http(address, 128);
    } else {
      HttpsServer https = Servers.https(address, 128);
      https.setHttpsConfigurator(new HttpsConfigurator(tlsContext) {
        @Override
        public void configure(HttpsParameters params) {
          SSLParameters p = tlsContext.getDefaultSSLParameters();
          p.setNeedClientAuth(true);
          p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
          params.setSSLParameters(p);
        }
      });
      server = https;
    }
    ThreadPoolExecutor executor =
        Servers.onDemandPool("ukms-kme-http", maxThreads, Duration.ofSeconds(30));
    server.setExecutor(executor);
    server.createContext(EtsiFrontEnd.PREFIX, frontEnd);
    server.createContext("/metrics", exchange -> {
      try (exchange) {
        Replies.send(exchange, 200, "text/plain; version=0.0.4", frontEnd.metricsText());
      }
    });
    server.createContext("/", exchange -> {
      try (exchange) {
        Replies.send(exchange, 404, "application/json", "{\"message\":\"no such route\"}");
      }
    });
    server.start();
    return new KmeServer(server, executor, frontEnd, tlsContext != null);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The base URL clients use, e.g. {@code https://127.0.0.1:8443}. */
  public String url() {
    String host = server.getAddress().getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return (tls ? "https" : "http") + "://" + host + ":" + port();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
