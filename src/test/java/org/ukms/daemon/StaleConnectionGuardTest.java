package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.ukms.http.HttpReply;
import org.ukms.http.HttpServer;
import org.ukms.http.Limits;
import org.ukms.http.Route;
import org.ukms.http.Workers;

/**
 * A request on a pooled connection the server closed is retried only when it provably never
 * left; one that failed after it was written is not. The server's idle timeout is 600 ms (Jetty
 * runs it on the wall clock, so the test lets that much real time pass, and no more).
 */
class StaleConnectionGuardTest {
  private static final Limits LIMITS = Limits.DEFAULT
      .withDeadlines(Duration.ofMillis(100), Duration.ofMillis(100))
      .withIdleTimeout(Duration.ofMillis(600));
  private final AtomicInteger served = new AtomicInteger();
  private final AtomicReference<Socket> socket = new AtomicReference<>();

  @Test
  void connectionClosedByTheServer_theRequestNeverLeft_andIsRetriedOnce() throws Exception {
    try (HttpServer server = server(r -> HttpReply.text(200, null, "ok"))) {
      OkHttpClient client = client();
      assertEquals("ok", get(client, server.port()));
      socket.get().setSoTimeout(10_000);
      assertEquals(-1, socket.get().getInputStream().read()); // the server closed it, idle

      assertEquals("ok", get(client, server.port()));

      assertEquals(2, served.get()); // the first and the retried second: nothing twice
    }
  }

  @Test
  void failureAfterTheRequestWasWritten_isNotRetried() throws Exception {
    try (HttpServer server = server(r -> HttpReply.drop())) {
      OkHttpClient client = client();

      assertThrows(IOException.class, () -> get(client, server.port()));

      assertEquals(1, served.get());
    }
  }

  private HttpServer server(org.ukms.http.HttpHandler handler) throws IOException {
    return HttpServer.builder("guard", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .limits(LIMITS).route(new Route("/", 0, Workers.INLINE, r -> {
          served.incrementAndGet();
          return handler.handle(r);
        })).start();
  }

  /** Like the daemon's client (no OkHttp retries), with a keep-alive longer than the server's. */
  private OkHttpClient client() {
    return StaleConnectionGuard.install(new OkHttpClient.Builder(), Duration.ZERO)
        .connectionPool(new ConnectionPool(5, 30, TimeUnit.SECONDS))
        .retryOnConnectionFailure(false)
        .eventListener(new EventListener() {
          @Override
          public void connectionAcquired(Call call, Connection connection) {
            socket.compareAndSet(null, connection.socket());
          }
        })
        .build();
  }

  private static String get(OkHttpClient client, int port) throws IOException {
    try (Response r = client.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/k")
        .build()).execute()) {
      return r.body().string();
    }
  }
}
