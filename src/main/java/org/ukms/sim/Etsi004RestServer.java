package org.ukms.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.ukms.etsi004.Etsi004ProtocolException;
import org.ukms.etsi004.GetKeyResponse;
import org.ukms.etsi004.RestCodec;
import org.ukms.http.HttpHandler;
import org.ukms.http.HttpReply;
import org.ukms.http.HttpRequest;
import org.ukms.http.HttpServer;
import org.ukms.http.Route;
import org.ukms.http.Workers;

/**
 * An {@link Etsi004Store} on a port, speaking the qkd-module REST binding ({@link RestCodec}):
 * {@code POST /api/v1/qkdm/actions/open_connect}, {@code get_key} and {@code close}, status 0 as
 * HTTP 200, any other status as 503 {@code {status, message}}, a body that breaks the binding as
 * 400 {@code {message}}. Over HTTPS (TLS 1.2/1.3, client certificate required) or plain HTTP on
 * loopback only; on the shared {@link HttpServer}, so the same limits hold as for the ETSI 014
 * simulator. Answers come from memory, on the I/O threads; on BB84 links, where a GET_KEY may
 * wait for a slot, on workers of their own. Owns its threads and port: close it.
 */
public final class Etsi004RestServer implements AutoCloseable {
  /** Requests answered at once when a call may wait for a BB84 slot (each up to 2 s). */
  static final int WORKERS = 16;
  private static final System.Logger logger = System.getLogger(Etsi004RestServer.class.getName());
  private static final Set<String> CALLS =
      Set.of(RestCodec.OPEN_CONNECT, RestCodec.GET_KEY, RestCodec.CLOSE);

  private final HttpServer server;
  private final Etsi004Store store;
  private final boolean tls;

  private Etsi004RestServer(HttpServer server, Etsi004Store store, boolean tls) {
    this.server = server;
    this.store = store;
    this.tls = tls;
  }

  /** Binds and starts; {@code tlsContext} null means plain HTTP, refused off loopback. */
  public static Etsi004RestServer start(InetSocketAddress address, Etsi004Store store,
      SSLContext tlsContext, ObjectMapper mapper) throws IOException {
    Objects.requireNonNull(store, "store");
    if (tlsContext == null && !address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("plain ETSI 004 serves loopback only, not " + address);
    }
    Handler handler = new Handler(store, new RestCodec(mapper));
    HttpServer server = HttpServer.builder("ukms-etsi004-rest", address).tls(tlsContext)
        .route(new Route(RestCodec.PREFIX + "/", RestCodec.MAX_BODY, handler.mayBlock()
            ? new Workers("ukms-etsi004-rest", WORKERS, KmeServer.QUEUE) : Workers.INLINE,
            handler))
        .route(new Route("/", 0, Workers.INLINE,
            request -> HttpReply.json(404, "{\"message\":\"no such route\"}")))
        .start();
    return new Etsi004RestServer(server, store, tlsContext != null);
  }

  public int port() {
    return server.port();
  }

  public Etsi004Store store() {
    return store;
  }

  /** The base URL, e.g. {@code https://127.0.0.1:25576}; the calls are under the prefix. */
  public String url() {
    return server.url(tls);
  }

  @Override
  public void close() {
    server.close();
  }

  /** The three calls; answers from memory. Package-private for in-memory tests. */
  static final class Handler implements HttpHandler {
    private final Etsi004Store store;
    private final RestCodec codec;

    Handler(Etsi004Store store, RestCodec codec) {
      this.store = store;
      this.codec = codec;
    }

    @Override
    public boolean mayBlock() {
      return store.mayBlock();
    }

    @Override
    public HttpReply handle(HttpRequest request) {
      String call = request.rawPath().substring(RestCodec.PREFIX.length() + 1);
      if (!CALLS.contains(call)) {
        return HttpReply.json(404, "{\"message\":\"no such route\"}");
      }
      if (!request.method().equals("POST")) {
        return HttpReply.json(405, "{\"message\":\"use POST\"}").withHeader("Allow", "POST");
      }
      byte[] body = request.body();
      if (body.length > RestCodec.MAX_BODY) {
        return json(413, codec.badRequest("body larger than " + RestCodec.MAX_BODY + " bytes"));
      }
      try {
        switch (call) {
          case RestCodec.OPEN_CONNECT: {
            var r = store.openConnect(codec.decodeOpenConnectRequest(body));
            return json(RestCodec.httpStatus(r.status()), codec.encodeBody(r));
          }
          case RestCodec.GET_KEY: {
            GetKeyResponse r = store.getKey(codec.decodeGetKeyRequest(body));
            try {
              byte[] answer = codec.encodeBody(r);
              return r.status().isSuccess()
                  ? HttpReply.secret(RestCodec.OK, "application/json", answer)
                  : json(RestCodec.UNAVAILABLE, answer);
            } finally {
              r.key().destroy();
            }
          }
          default: {
            var r = store.close(codec.decodeCloseRequest(body));
            return json(RestCodec.httpStatus(r.status()), codec.encodeBody(r));
          }
        }
      } catch (Etsi004ProtocolException e) {
        logger.log(System.Logger.Level.WARNING, "ETSI 004 REST from {0}: {1}",
            request.remoteAddress().getHostAddress(), e.getMessage());
        return json(RestCodec.BAD_REQUEST, codec.badRequest(e.getMessage()));
      }
    }

    private static HttpReply json(int status, byte[] body) {
      return HttpReply.json(status, new String(body, StandardCharsets.UTF_8));
    }
  }
}
