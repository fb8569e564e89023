package org.ukms.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The one Jetty handler of a server. On an I/O thread it picks the route, reads the body without
 * waiting for it (under the body deadline), then hands the request to the route's workers; the
 * worker runs the handler and writes the answer. I/O threads never run a handler that may block,
 * so one that blocks (or calls this same server) never stops the server from reading and
 * writing; only a {@link Workers#INLINE} route, whose handler answers from memory, runs on the
 * I/O thread, saving the hand-off.
 */
final class Dispatch extends Handler.Abstract {
  private static final System.Logger logger = System.getLogger("org.ukms.http");

  private final List<Route> routes;
  private final Map<String, ? extends Executor> pools;
  private final Limits limits;
  private final Deadlines deadlines;
  private final InFlight inFlight;

  Dispatch(List<Route> routes, Map<String, ? extends Executor> pools, Limits limits,
      Deadlines deadlines, InFlight inFlight) {
    this.routes = List.copyOf(routes);
    this.pools = pools;
    this.limits = limits;
    this.deadlines = deadlines;
    this.inFlight = inFlight;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Connection connection = request.getConnectionMetaData().getConnection();
    String path = request.getHttpURI().getPath();
    Route route = route(path == null ? "" : path);
    // While a handler runs no byte moves; Jetty's idle timeout must not end the exchange then.
    // (Stalled reads and writes still time out: Jetty reports those through them.)
    request.addIdleTimeoutListener(timeout -> false);
    // The head deadline ends here; the body deadline runs only if the body is not all in yet
    // (most requests arrive whole: then no timer is set for them).
    deadlines.disarm(connection);
    new BodyReader(request, route.maxBodyBytes(), body -> {
      deadlines.disarm(connection);
      dispatch(route, request, response, callback, body);
    }, failure -> {
      Deadlines.closeSocket(connection);
      callback.failed(failure);
    }, () -> deadlines.arm(connection, limits.bodyDeadline())).run();
    return true;
  }

  private Route route(String path) {
    for (Route r : routes) {
      if (path.startsWith(r.prefix())) {
        return r;
      }
    }
    return new Route("", 0, routes.get(routes.size() - 1).workers(),
        r -> HttpReply.text(404, null, "404 Not Found"));
  }

  private void dispatch(Route route, Request request, Response response, Callback callback,
      byte[] body) {
    HttpRequest r = new HttpRequest(request.getMethod(), request.getHttpURI().getPath(),
        request.getHttpURI().getQuery(), headers(request), body, remote(request),
        certificates(request));
    inFlight.enter();
    if (route.workers().inline()) {
      send(run(route, r), request, response, callback); // never blocks: no hand-off
      return;
    }
    try {
      pools.get(route.workers().name()).execute(
          () -> send(run(route, r), request, response, callback));
    } catch (RejectedExecutionException e) {
      // Every worker busy and the queue full: say so now rather than hold the connection.
      send(HttpReply.empty(503), request, response, callback);
    }
  }

  private static HttpReply run(Route route, HttpRequest request) {
    try {
      return route.handler().handle(request);
    } catch (RuntimeException e) {
      logger.log(System.Logger.Level.ERROR, "route=" + route.prefix() + " handler failed: " + e);
      return HttpReply.empty(500);
    }
  }

  /** Writes the reply; once written (or failed) the request is done and the head deadline runs. */
  private void send(HttpReply reply, Request request, Response response, Callback callback) {
    Connection connection = request.getConnectionMetaData().getConnection();
    Callback done = Callback.from(() -> {
      finish(reply, connection);
      callback.succeeded();
    }, failure -> {
      finish(reply, connection);
      callback.failed(failure);
    });
    if (reply.drops()) {
      Deadlines.closeSocket(connection);
      done.failed(new EofException("answer dropped"));
      return;
    }
    response.setStatus(reply.status());
    reply.headers().forEach(h -> response.getHeaders().put(h.getKey(), h.getValue()));
    response.write(true, ByteBuffer.wrap(reply.bodyBytes()), done);
  }

  private void finish(HttpReply reply, Connection connection) {
    reply.sent();
    inFlight.exit();
    deadlines.armForNextRequest(connection);
  }

  private static Map<String, String> headers(Request request) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers.putIfAbsent(field.getName().toLowerCase(Locale.ROOT), field.getValue());
    }
    return headers;
  }

  private static InetAddress remote(Request request) {
    SocketAddress address = request.getConnectionMetaData().getRemoteSocketAddress();
    // A Unix socket client is on this host: whoever may open the socket file.
    return address instanceof InetSocketAddress inet ? inet.getAddress()
        : InetAddress.getLoopbackAddress();
  }

  private static List<X509Certificate> certificates(Request request) {
    if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE)
        instanceof EndPoint.SslSessionData tls && tls.peerCertificates() != null) {
      return List.of(tls.peerCertificates());
    }
    return List.of();
  }
}
