package org.ukms.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ukms.testing.LogCapture;
import org.ukms.testing.RawHttp;

/** The server's own bounds, with deadlines far shorter than the idle timeout to tell them apart. */
class HttpServerTest {
  static final Limits SHORT = Limits.DEFAULT.withDeadlines(Duration.ofMillis(500),
      Duration.ofMillis(500));
  static final Duration WELL_BEFORE_IDLE = Duration.ofSeconds(5);
  static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(),
      0);

  private final List<HttpServer> servers = new ArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    servers.forEach(HttpServer::close);
  }

  HttpServer start(Limits limits, Route... routes) throws IOException {
    HttpServer.Builder b = HttpServer.builder("test-http", LOOPBACK).limits(limits);
    for (Route r : routes) {
      b.route(r);
    }
    HttpServer s = b.start();
    servers.add(s);
    return s;
  }

  static Route ok(String prefix, Workers workers) {
    return new Route(prefix, 1024, workers, r -> HttpReply.text(200, "text/plain", "ok"));
  }

  Socket send(HttpServer server, String bytes) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
    sockets.add(s);
    s.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
    return s;
  }

  /** How long until the server closed {@code s} (EOF or reset), at most 10 s. */
  static Duration untilClosed(Socket s) throws IOException {
    long start = System.nanoTime();
    s.setSoTimeout(10_000);
    InputStream in = s.getInputStream();
    try {
      while (in.read() >= 0) {
        // nothing expected
      }
    } catch (SocketTimeoutException e) {
      return Duration.ofSeconds(10);
    } catch (SocketException e) {
      // reset
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Test
  void unfinishedHead_isClosedAtTheHeadDeadline_longBeforeTheIdleTimeout() throws Exception {
    HttpServer server = start(SHORT, ok("/", new Workers("w", 1, 1)));

    Duration took = untilClosed(send(server, "GET / HTTP/1.1\r\nHost: x\r\n"));

    assertTrue(took.compareTo(WELL_BEFORE_IDLE) < 0, "closed after " + took);
  }

  @Test
  void unfinishedBody_isClosedAtTheBodyDeadline() throws Exception {
    HttpServer server = start(SHORT, ok("/", new Workers("w", 1, 1)));

    Duration took = untilClosed(send(server,
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc"));

    assertTrue(took.compareTo(WELL_BEFORE_IDLE) < 0, "closed after " + took);
  }

  @Test
  void idleKeptAliveConnection_staysForTheIdleTimeout_notJustTheHeadDeadline() throws Exception {
    HttpServer server = start(SHORT.withIdleTimeout(Duration.ofSeconds(2)),
        ok("/", new Workers("w", 1, 1)));
    Socket s = send(server, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");

    Duration took = untilClosed(s); // reads the answer, then waits for the close

    assertTrue(took.compareTo(Duration.ofMillis(1500)) >= 0, "closed after " + took);
    assertTrue(took.compareTo(WELL_BEFORE_IDLE) < 0, "closed after " + took);
  }

  @Test
  void keptAliveConnection_dribbledNextHead_isClosedWithinTwoHeadDeadlines() throws Exception {
    HttpServer server = start(SHORT.withIdleTimeout(Duration.ofSeconds(10)),
        ok("/", new Workers("w", 1, 1)));
    Socket s = send(server, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    s.setSoTimeout(5_000);
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) in.read());
    }
    assertTrue(head.toString().startsWith("HTTP/1.1 200 OK"), head.toString());
    assertEquals("ok", new String(in.readNBytes(2), StandardCharsets.ISO_8859_1));
    s.getOutputStream().write("GET / HT".getBytes(StandardCharsets.ISO_8859_1));

    Duration took = untilClosed(s);

    assertTrue(took.compareTo(WELL_BEFORE_IDLE) < 0, "closed after " + took);
  }

  @Test
  void rawPathAndQuery_reachTheHandlerAsSent() throws Exception {
    HttpServer server = start(Limits.DEFAULT, new Route("/", 0, new Workers("w", 1, 1),
        r -> HttpReply.text(200, null, r.rawPath() + " " + r.rawQuery())));

    assertEquals("/api/v1/keys/a%2Fb%25c+d/status x=%2B&y",
        PeerLikeClient.get(server.port(), "/api/v1/keys/a%2Fb%25c+d/status?x=%2B&y"));
  }

  @Test
  void handlerCallingAnotherRouteOfTheSameServer_onItsOwnPool_neverDeadlocks() throws Exception {
    OkHttpClient client = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20)).build();
    int[] port = new int[1];
    Route outer = new Route("/outer", 0, new Workers("outer", 2, 64), r -> {
      try (Response inner = client.newCall(new Request.Builder()
          .url("http://127.0.0.1:" + port[0] + "/inner").build()).execute()) {
        return HttpReply.text(200, "text/plain", "outer+" + inner.body().string());
      } catch (IOException e) {
        return HttpReply.empty(502);
      }
    });
    HttpServer server = start(Limits.DEFAULT, outer,
        new Route("/", 0, new Workers("inner", 2, 64), r -> HttpReply.text(200, null, "inner")));
    port[0] = server.port();
    ExecutorService callers = Executors.newFixedThreadPool(12);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 12; i++) { // more outer requests at once than both pools have threads
        answers.add(callers.submit(() -> PeerLikeClient.get(port[0], "/outer")));
      }
      for (Future<String> a : answers) {
        assertEquals("outer+inner", a.get(20, TimeUnit.SECONDS));
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void everyWorkerBusyAndNoQueue_is503AtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    HttpServer server = start(Limits.DEFAULT, new Route("/", 0, new Workers("one", 1, 0), r -> {
      started.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return HttpReply.text(200, null, "done");
    }));
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<String> first = caller.submit(() -> PeerLikeClient.get(server.port(), "/"));
      assertTrue(started.await(10, TimeUnit.SECONDS));

      String second = RawHttp.exchange(server.port(), "GET / HTTP/1.1\r\nHost: x\r\n"
          + "Connection: close\r\n\r\n");

      assertTrue(second.startsWith("HTTP/1.1 503 "), second);
      release.countDown();
      assertEquals("done", first.get(10, TimeUnit.SECONDS));
    } finally {
      caller.shutdownNow();
    }
  }

  @Test
  void handlerThrowing_is500AndOneLogLine() throws Exception {
    HttpServer server = start(Limits.DEFAULT, new Route("/", 0, new Workers("w", 1, 1), r -> {
      throw new IllegalStateException("bug");
    }));
    try (LogCapture logs = new LogCapture()) {
      String answer = RawHttp.exchange(server.port(), "GET / HTTP/1.1\r\nHost: x\r\n"
          + "Connection: close\r\n\r\n");

      assertTrue(answer.startsWith("HTTP/1.1 500 "), answer);
      assertEquals(1, logs.lines.stream().filter(l -> l.contains("bug")).count(),
          logs.lines.toString());
    }
  }

  @Test
  void close_letsARunningRequestAnswer() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    HttpServer server = HttpServer.builder("test-http", LOOPBACK).drain(Duration.ofSeconds(5))
        .route(new Route("/", 0, new Workers("w", 1, 1), r -> {
          started.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return HttpReply.text(200, null, "finished");
        })).start();
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<String> answer = caller.submit(() -> PeerLikeClient.get(server.port(), "/"));
      assertTrue(started.await(10, TimeUnit.SECONDS));
      Thread closer = new Thread(server::close);
      closer.start();
      release.countDown();

      assertEquals("finished", answer.get(10, TimeUnit.SECONDS));
      closer.join(10_000);
    } finally {
      caller.shutdownNow();
    }
  }

  /** A plain GET that returns the body of a 200 answer. */
  static final class PeerLikeClient {
    static String get(int port, String path) throws IOException {
      String answer = RawHttp.exchange(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\n"
          + "Connection: close\r\n\r\n");
      if (!answer.startsWith("HTTP/1.1 200 ")) {
        throw new IOException(answer);
      }
      return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }
  }
}
