package org.ukms.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Client keep-alive against server idle timeout, with a real idle connection. The timeouts here
 * are scaled down (server 600 ms) so the real idle time each test must let pass stays under a
 * second: Jetty's idle timeout runs on the wall clock, which no test clock can advance.
 */
class IdleConnectionTest {
  // Well above the client's 100 ms keep-alive, so a loaded machine cannot invert the two.
  private static final Duration SERVER_IDLE = Duration.ofSeconds(2);
  private static final Limits LIMITS = Limits.DEFAULT
      .withDeadlines(Duration.ofMillis(100), Duration.ofMillis(100))
      .withIdleTimeout(SERVER_IDLE);

  @Test
  void clientKeepAlive_endsAHeadDeadlineBeforeTheServersIdleTimeout() {
    assertTrue(Limits.CLIENT_KEEP_ALIVE.plus(Limits.HEADER_DEADLINE)
        .compareTo(Limits.IDLE_TIMEOUT) <= 0, "clients would reuse connections servers close");
  }

  @Test
  void keepAliveShorterThanIdle_clientDropsFirst_andACallAfterTheIdleTimeoutSucceeds()
      throws Exception {
    try (HttpServer server = server()) {
      Client client = new Client(Duration.ofMillis(100)); // as CLIENT_KEEP_ALIVE < IDLE_TIMEOUT
      long start = System.nanoTime();
      assertEquals("ok", client.get(server.port()));

      // The pooled socket ends by the client's own close (eviction), not by the server's FIN.
      assertEquals("closed by the client", client.awaitEnd());
      long idleLeft = SERVER_IDLE.toMillis() * 2 - (System.nanoTime() - start) / 1_000_000;
      if (idleLeft > 0) {
        Thread.sleep(idleLeft); // the subject of the test: idle past the server's timeout
      }

      assertEquals("ok", client.get(server.port()));
    }
  }

  @Test
  void keepAliveLongerThanIdle_theReusedDeadConnectionFails() throws Exception {
    try (HttpServer server = server()) {
      Client client = new Client(Duration.ofSeconds(30)); // misordered on purpose
      assertEquals("ok", client.get(server.port()));

      assertEquals("closed by the server", client.awaitEnd());

      // What the ordering prevents: a GET on the pooled connection the server closed.
      IOException e = assertThrows(IOException.class, () -> client.get(server.port()));
      assertTrue(String.valueOf(e.getMessage()).contains("unexpected end of stream"),
          e.toString());
    }
  }

  private static HttpServer server() throws IOException {
    return HttpServer.builder("idle", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .limits(LIMITS)
        .route(new Route("/", 0, Workers.INLINE, r -> HttpReply.text(200, null, "ok")))
        .start();
  }

  /** An OkHttp client like the daemon's (no retries) that remembers its last socket. */
  private static final class Client {
    final AtomicReference<Socket> socket = new AtomicReference<>();
    final OkHttpClient http;

    Client(Duration keepAlive) {
      http = new OkHttpClient.Builder()
          .connectionPool(new ConnectionPool(5, keepAlive.toMillis(), TimeUnit.MILLISECONDS))
          .retryOnConnectionFailure(false)
          .eventListener(new EventListener() {
            @Override
            public void connectionAcquired(Call call, Connection connection) {
              socket.set(connection.socket());
            }
          })
          .build();
    }

    String get(int port) throws IOException {
      try (Response r = http.newCall(new Request.Builder()
          .url("http://127.0.0.1:" + port + "/x").build()).execute()) {
        return r.body().string();
      }
    }

    /** Blocks until the idle pooled socket ends (no request runs on it meanwhile). */
    String awaitEnd() throws IOException {
      Socket s = socket.get();
      s.setSoTimeout(10_000);
      try {
        return s.getInputStream().read() < 0 ? "closed by the server" : "unexpected data";
      } catch (SocketException e) {
        return "closed by the client";
      }
    }
  }
}
