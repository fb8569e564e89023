package org.ukms.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadPoolExecutor;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * An HTTP/1.1 server (Jetty core, no servlets) that slow or abusive clients cannot starve: see
 * {@link Limits}. Threads, all daemon threads named after the server:
 * {@code NAME-io-N} (a fixed {@link Limits#ioThreads()}: the selector, accepting, reading, parsing,
 * writing; never a handler), {@code NAME-timer} (deadlines), and each {@link Workers} pool. Owns
 * its port (or Unix socket) and threads: close it.
 */
public final class HttpServer implements AutoCloseable {
  private static final System.Logger logger = System.getLogger("org.ukms.http");

  private final Server jetty;
  private final AbstractConnector connector;
  private final InetSocketAddress address;
  private final Map<String, ThreadPoolExecutor> pools;
  private final InFlight inFlight;
  private final Duration drain;

  private HttpServer(Server jetty, AbstractConnector connector, InetSocketAddress address,
      Map<String, ThreadPoolExecutor> pools, InFlight inFlight, Duration drain) {
    this.jetty = jetty;
    this.connector = connector;
    this.address = address;
    this.pools = pools;
    this.inFlight = inFlight;
    this.drain = drain;
  }

  /** A server called {@code name} (the prefix of its thread names) on {@code address}. */
  public static Builder builder(String name, InetSocketAddress address) {
    return new Builder(name, Objects.requireNonNull(address, "address"), null);
  }

  /**
   * A server called {@code name} on the Unix socket {@code socket}: the caller makes sure no file
   * is in the way; Jetty removes the socket file on {@link #close()}. Clients count as local:
   * {@link HttpRequest#remoteAddress()} is the loopback address.
   */
  public static Builder builder(String name, Path socket) {
    return new Builder(name, null, Objects.requireNonNull(socket, "socket"));
  }

  /** The port it listens on (the one bound, when port 0 was asked for); -1 on a Unix socket. */
  public int port() {
    return connector instanceof ServerConnector tcp ? tcp.getLocalPort() : -1;
  }

  /** The address it listens on, with the bound port; null on a Unix socket. */
  public InetSocketAddress address() {
    return address == null ? null : new InetSocketAddress(address.getAddress(), port());
  }

  /** The base URL, e.g. {@code https://127.0.0.1:8443} ({@code [::1]} for IPv6). */
  public String url(boolean tls) {
    String host = address().getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return (tls ? "https" : "http") + "://" + host + ":" + port();
  }

  /**
   * Lets requests already handed to handlers finish and answer (up to the drain time), then
   * closes every connection and ends every thread.
   */
  @Override
  public void close() {
    try {
      inFlight.awaitIdle(drain);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      jetty.stop();
    } catch (Exception e) {
      logger.log(System.Logger.Level.WARNING, "stopping the HTTP server on "
          + (address == null ? connector.getTransport() : "port " + port()) + ": " + e);
    }
    pools.values().forEach(ThreadPoolExecutor::shutdownNow);
  }

  /** Collects the routes and options; {@link #start()} binds. */
  public static final class Builder {
    private final String name;
    private final InetSocketAddress address;
    private final Path socket;
    private final List<Route> routes = new ArrayList<>();
    private SSLContext tls;
    private Limits limits = Limits.DEFAULT;
    private Duration drain = Duration.ZERO;

    private Builder(String name, InetSocketAddress address, Path socket) {
      this.name = Objects.requireNonNull(name, "name");
      this.address = address;
      this.socket = socket;
    }

    /** TLS 1.3 or 1.2 only, with a required client certificate that {@code context} trusts. */
    public Builder tls(SSLContext context) {
      this.tls = context;
      return this;
    }

    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** How long {@link HttpServer#close()} lets running requests finish (default: not at all). */
    public Builder drain(Duration drain) {
      this.drain = Objects.requireNonNull(drain, "drain");
      return this;
    }

    /** Adds a route; the first whose prefix matches wins, so add {@code "/"} last. */
    public Builder route(Route route) {
      routes.add(Objects.requireNonNull(route, "route"));
      return this;
    }

    /** Binds and starts; an IOException says why it could not listen. */
    public HttpServer start() throws IOException {
      if (routes.isEmpty()) {
        throw new IllegalStateException("no routes");
      }
      QueuedThreadPool io = new QueuedThreadPool(limits.ioThreads(), limits.ioThreads());
      io.setName(name + "-io");
      io.setDaemon(true);
      io.setReservedThreads(0);
      ScheduledExecutorScheduler timer = new ScheduledExecutorScheduler(name + "-timer", true);
      Server jetty = new Server(io, timer, null);
      jetty.setStopTimeout(0);

      HttpConfiguration http = new HttpConfiguration();
      http.setSendServerVersion(false);
      http.setRequestHeaderSize(limits.maxHeaderBytes());
      // Handlers read the raw path and decode it themselves (an SAE ID may hold %2F or %25), and
      // nothing maps a path to a file: pass every path through, as the JDK server did.
      http.setUriCompliance(UriCompliance.LEGACY);
      AbstractConnector connector;
      if (socket != null) {
        if (tls != null) {
          throw new IllegalStateException("no TLS on a Unix socket");
        }
        UnixDomainServerConnector unix = new UnixDomainServerConnector(jetty, 0, 1,
            new HttpConnectionFactory(http));
        unix.setUnixDomainPath(socket);
        unix.setAcceptQueueSize(128);
        connector = unix;
      } else if (tls == null) {
        connector = tcp(new ServerConnector(jetty, 0, 1, new HttpConnectionFactory(http)));
      } else {
        http.addCustomizer(new SecureRequestCustomizer(false)); // client certificates, no SNI check
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setSslContext(tls);
        factory.setNeedClientAuth(true);
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        connector = tcp(new ServerConnector(jetty, 0, 1,
            new SslConnectionFactory(factory, "http/1.1"), new HttpConnectionFactory(http)));
      }
      connector.setIdleTimeout(limits.idleTimeout().toMillis());
      Deadlines deadlines = new Deadlines(timer, limits.headerDeadline(), limits.idleTimeout());
      connector.addBean(deadlines);
      connector.addBean(new SourceLimit(limits.connectionsPerSource()));
      jetty.addConnector(connector);
      NetworkConnectionLimit total = new NetworkConnectionLimit(limits.connections(), connector);
      total.setEndPointIdleTimeout(limits.headerDeadline().toMillis()); // when full: idle ones go
      jetty.addBean(total);

      Map<String, ThreadPoolExecutor> pools = new LinkedHashMap<>();
      routes.stream().filter(r -> !r.workers().inline()).forEach(r -> pools.computeIfAbsent(
          r.workers().name(), n -> Pools.bounded(r.workers())));
      InFlight inFlight = new InFlight();
      jetty.setHandler(new Dispatch(routes, pools, limits, deadlines, inFlight));
      // Requests Jetty refuses itself (a malformed request line or path, 431): the status and a
      // one-line JSON message, as ETSI 014 clients expect errors; no HTML, nothing echoed. Jetty
      // closes such a connection, and cannot tell the method (it may have been HEAD, which takes
      // no body), so the answer says "Connection: close" and no client reads past it.
      jetty.setErrorHandler((request, response, callback) -> {
        String message = response.getStatus() == 431 ? "request headers too large"
            : "malformed request";
        response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE,
            "application/json");
        response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(("{\"message\":\"" + message + "\"}")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII)), callback);
        return true;
      });
      try {
        jetty.start();
      } catch (Exception e) {
        pools.values().forEach(ThreadPoolExecutor::shutdownNow);
        try {
          jetty.stop();
        } catch (Exception stop) {
          e.addSuppressed(stop);
        }
        Throwable cause = e.getCause() instanceof IOException ? e.getCause() : e;
        throw new IOException(cause.getMessage(), e);
      }
      return new HttpServer(jetty, connector, address, pools, inFlight, drain);
    }

    private ServerConnector tcp(ServerConnector connector) {
      connector.setHost(address.getAddress().getHostAddress());
      connector.setPort(address.getPort());
      connector.setAcceptQueueSize(128);
      connector.setAcceptedTcpNoDelay(true); // answers must not wait ~40 ms for delayed ACKs
      return connector;
    }
  }
}
