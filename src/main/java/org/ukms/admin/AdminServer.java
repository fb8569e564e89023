package org.ukms.admin;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.ukms.config.AdminListen;
import org.ukms.exec.CommandRunner;
import org.ukms.http.HttpServer;
import org.ukms.http.Limits;
import org.ukms.http.Route;
import org.ukms.http.Workers;

/**
 * The admin endpoint, listening on {@code admin_listen}: a Unix socket (its file 0600, removed on
 * close; see {@link SocketFile}) or a TCP address. Bounded as the peer API is (the
 * {@link org.ukms.http} deadlines and sizes), with fewer connections and threads: it serves an
 * operator and a Prometheus scraper. Owns its socket and threads: close it.
 *
 * <p>The daemon starts it after its sessions exist and closes it before them:
 * {@code AdminServer.start(config.adminListen(), source)}.
 */
public final class AdminServer implements AutoCloseable {
  private static final System.Logger logger = System.getLogger("org.ukms.admin");
  /** Connections in all; a scraper and a few operators need far fewer. */
  static final int CONNECTIONS = 32;
  static final Workers WORKERS = new Workers("ukms-admin", 2, 8);
  static final Limits LIMITS = new Limits(Limits.HEADER_DEADLINE, Limits.BODY_DEADLINE,
      Limits.IDLE_TIMEOUT, Limits.MAX_HEADER_BYTES, CONNECTIONS, CONNECTIONS, 2);
  private final HttpServer server;
  private final AdminListen listen;
  private final StatusGauges gauges;

  private AdminServer(HttpServer server, AdminListen listen, StatusGauges gauges) {
    this.server = server;
    this.listen = listen;
    this.gauges = gauges;
  }

  /**
   * Listens on {@code listen} and answers from {@code source}; registers the status gauges and
   * the JVM and process metrics on the source's registry. An IOException says why it could not
   * listen (a live socket of another daemon, a port in use, a folder it may not create).
   */
  public static AdminServer start(AdminListen listen, AdminSource source) throws IOException {
    return start(listen, source, new CommandRunner(WireGuardKeys.OUTPUT_CAP));
  }

  static AdminServer start(AdminListen listen, AdminSource source, CommandRunner runner)
      throws IOException {
    JvmMetrics.builder().register(source.registry()); // once per registry; later calls no-ops
    StatusGauges gauges = new StatusGauges(source.registry(), source);
    Route all = new Route("/", 0, WORKERS, new AdminRoutes(source, runner));
    HttpServer server;
    try {
      if (listen.unix()) {
        SocketFile.prepare(listen.socket());
        server = HttpServer.builder("ukms-admin", listen.socket()).limits(LIMITS).route(all)
            .drain(Duration.ofSeconds(1)).start();
        try {
          SocketFile.restrict(listen.socket());
        } catch (IOException e) {
          server.close();
          throw e;
        }
      } else {
        server = HttpServer.builder("ukms-admin", new InetSocketAddress(listen.host(),
            listen.port())).limits(LIMITS).route(all).drain(Duration.ofSeconds(1)).start();
      }
    } catch (IOException | RuntimeException e) {
      gauges.close();
      throw new IOException("admin endpoint: cannot listen on " + listen + ": "
          + e.getMessage(), e);
    }
    AdminServer admin = new AdminServer(server, listen, gauges);
    logger.log(System.Logger.Level.INFO, "admin endpoint listening on " + admin.address());
    return admin;
  }

  /** Where it listens: {@code unix:PATH}, or {@code HOST:PORT} with the bound port. */
  public AdminListen address() {
    return listen.unix() ? listen : new AdminListen(null, listen.host(), server.port());
  }

  @Override
  public void close() {
    server.close();
    gauges.close();
    if (listen.unix()) {
      Path socket = listen.socket();
      try {
        Files.deleteIfExists(socket);
      } catch (IOException e) {
        logger.log(System.Logger.Level.WARNING, "admin endpoint: cannot remove " + socket + ": "
            + e.getMessage());
      }
    }
  }
}
