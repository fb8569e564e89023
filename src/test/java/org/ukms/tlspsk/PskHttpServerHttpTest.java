package org.ukms.tlspsk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ukms.tlspsk.PskTesting.Recording;

/** HTTP over a TLS-PSK connection: keep-alive, limits and deadlines, bodies zeroed. */
class PskHttpServerHttpTest {
  private static final Duration SHORT = Duration.ofMillis(300);
  private final Recording handler = new Recording();
  private PskHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private PskClientConnection connect(PskHttpHandler h, PskServerSettings settings)
      throws Exception {
    server = PskTesting.server(h, settings);
    return PskTesting.client(server, TlsVersion.TLS_1_3).connect();
  }

  private static void send(PskClientConnection c, String raw) throws IOException {
    c.output().write(raw.getBytes(StandardCharsets.ISO_8859_1));
    c.output().flush();
  }

  /** The raw answer head, up to and including its empty line. */
  private static String head(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /** Reads until the server ends the connection: end of stream, or a reset. */
  private static long millisUntilClosed(InputStream in) {
    long start = System.nanoTime();
    try {
      while (in.read() >= 0) {
        // discard
      }
    } catch (IOException e) {
      // closed without close_notify: what a dropped client sees
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  @Test
  void skipHttp04_keepAlive_threeRequestsOnOneSessionThenClose() throws Exception {
    try (PskClientConnection c = connect(handler, PskServerSettings.DEFAULT)) {
      assertEquals(200, c.get("/capabilities", false).status());
      assertEquals(200, c.get("/entropy", false).status());
      assertEquals(200, c.get("/key?remoteSystemID=B", true).status());
      assertEquals(-1, c.input().read(), "closed after Connection: close");
    }
    assertEquals(List.of("/capabilities", "/entropy", "/key"),
        handler.requests.stream().map(PskHttpRequest::rawPath).toList());
  }

  @Test
  void skipHttp04_connectionClose_answeredWithConnectionCloseThenClosed() throws Exception {
    try (PskClientConnection c = connect(handler, PskServerSettings.DEFAULT)) {
      send(c, "GET /capabilities HTTP/1.1\r\nHost: kp\r\nConnection: close\r\n\r\n");
      String head = head(c.input());
      assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n") && head.contains("Connection: close\r\n")
          && head.contains("Content-Type: application/json\r\n"), head);
      c.input().readNBytes(49);
      assertEquals(-1, c.input().read());
    }
  }

  @Test
  void skipHttp06_headOver8KiB_431AndNoHandlerCall() throws Exception {
    try (PskClientConnection c = connect(handler, PskServerSettings.DEFAULT)) {
      send(c, "GET /capabilities HTTP/1.1\r\nX-Filler: " + "a".repeat(9000) + "\r\n\r\n");
      PskHttpReply reply = c.read();
      assertEquals(431, reply.status());
      assertEquals("{\"error\":\"request head larger than 8192 bytes\"}",
          new String(reply.body(), StandardCharsets.UTF_8));
    }
    assertEquals(List.of(), handler.requests);
  }

  @Test
  void bareLf_400AndNoHandlerCall() throws Exception {
    try (PskClientConnection c = connect(handler, PskServerSettings.DEFAULT)) {
      send(c, "GET /capabilities HTTP/1.1\nHost: kp\n\n");
      assertEquals(400, c.read().status());
      assertEquals(-1, c.input().read());
    }
    assertEquals(List.of(), handler.requests);
  }

  @Test
  void getWithBody_400AndNoHandlerCall() throws Exception {
    try (PskClientConnection c = connect(handler, PskServerSettings.DEFAULT)) {
      send(c, "GET /key HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody");
      assertEquals(400, c.read().status());
      assertEquals(-1, c.input().read());
    }
    assertEquals(List.of(), handler.requests);
  }

  @Test
  void postWithBody_handlerAnswers405WithAllowThenClosed() throws Exception {
    try (PskClientConnection c = connect(handler, PskServerSettings.DEFAULT)) {
      send(c, "POST /key HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody");
      String head = head(c.input());
      assertTrue(head.startsWith("HTTP/1.1 405 Method Not Allowed\r\n")
          && head.contains("Allow: GET\r\n") && head.contains("Connection: close\r\n"), head);
    }
    assertEquals("POST", handler.requests.get(0).method());
  }

  @Test
  void deleteWithoutBody_405AndConnectionKept() throws Exception {
    try (PskClientConnection c = connect(handler, PskServerSettings.DEFAULT)) {
      send(c, "DELETE /key/00 HTTP/1.1\r\nHost: kp\r\n\r\n");
      assertEquals(405, c.read().status());
      assertEquals(200, c.get("/capabilities", true).status());
    }
  }

  @Test
  void skipHttp06_slowLorisPartialHead_droppedAfterTheRequestDeadline() throws Exception {
    PskServerSettings settings = PskServerSettings.DEFAULT.withDeadlines(PskTesting.WAIT, SHORT,
        PskTesting.WAIT);
    try (PskClientConnection c = connect(handler, settings)) {
      send(c, "GET /capabilities HTTP/1.1\r\nHost: kp\r\n");
      assertTrue(millisUntilClosed(c.input()) < PskTesting.WAIT.toMillis());
    }
    assertTrue(server.awaitOpenConnections(0, PskTesting.WAIT));
    assertEquals(List.of(), handler.requests);
  }

  @Test
  void skipHttp06_slowLorisTrickle_droppedAlthoughBytesKeepComing() throws Exception {
    PskServerSettings settings = PskServerSettings.DEFAULT.withDeadlines(PskTesting.WAIT, SHORT,
        PskTesting.WAIT);
    long start = System.nanoTime(); // before the server arms the deadline (after the handshake)
    try (PskClientConnection c = connect(handler, settings)) {
      Thread trickle = new Thread(() -> {
        try {
          send(c, "GET /capabilities HTTP/1.1\r\n");
          while (true) { // one header byte every 50 ms: slower than any real client
            Thread.sleep(50);
            send(c, "X");
          }
        } catch (IOException | InterruptedException e) {
          // dropped by the server, or the test is over
        }
      });
      trickle.start();
      millisUntilClosed(c.input());
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      trickle.interrupt();
      assertTrue(millis >= SHORT.toMillis() && millis < PskTesting.WAIT.toMillis(),
          "dropped after " + millis + " ms");
    }
    assertEquals(List.of(), handler.requests);
  }

  @Test
  void handshakeDeadline_silentTcpClient_dropped() throws Exception {
    server = PskTesting.server(handler, PskServerSettings.DEFAULT.withDeadlines(SHORT,
        PskTesting.WAIT, PskTesting.WAIT));
    try (Socket silent = new Socket("127.0.0.1", server.port())) {
      silent.setSoTimeout((int) PskTesting.WAIT.toMillis());
      assertEquals(-1, silent.getInputStream().read());
    }
    assertTrue(server.awaitOpenConnections(0, PskTesting.WAIT));
  }

  @Test
  void idleTimeout_keptAliveConnectionWithoutNextRequest_closed() throws Exception {
    PskServerSettings settings = PskServerSettings.DEFAULT.withDeadlines(PskTesting.WAIT,
        PskTesting.WAIT, SHORT);
    try (PskClientConnection c = connect(handler, settings)) {
      assertEquals(200, c.get("/capabilities", false).status());
      assertTrue(millisUntilClosed(c.input()) < PskTesting.WAIT.toMillis());
    }
    assertTrue(server.awaitOpenConnections(0, PskTesting.WAIT));
  }

  @Test
  void maxConnections_oneMoreIsClosedAtOnceAndAFreedSlotServesAgain() throws Exception {
    server = PskTesting.server(handler, PskServerSettings.DEFAULT.withMaxConnections(2));
    PskHttpClient client = PskTesting.client(server, TlsVersion.TLS_1_3);
    PskClientConnection first = client.connect();
    try (PskClientConnection second = client.connect()) {
      PskHttpException e = assertThrows(PskHttpException.class, client::connect);
      assertTrue(e.getMessage().startsWith("handshake with 127.0.0.1:" + server.port()
          + " failed: "), e.getMessage());
      first.close();
      assertTrue(server.awaitOpenConnections(1, PskTesting.WAIT));
      assertEquals(200, client.get("/capabilities").status());
      assertEquals(200, second.get("/entropy", false).status());
    }
  }

  @Test
  void skipZer01_keyBody_zeroedAfterTheWriteThenAfterWriteRuns() throws Exception {
    byte[] body = "{\"keyId\":\"01\",\"key\":\"abcdef\"}".getBytes(StandardCharsets.UTF_8);
    CountDownLatch written = new CountDownLatch(1);
    PskHttpHandler keys = request -> new PskHttpResponse(200, "application/json", null, body,
        () -> {
          assertArrayEquals(new byte[body.length], body);
          written.countDown();
        });
    try (PskClientConnection c = connect(keys, PskServerSettings.DEFAULT)) {
      PskHttpReply reply = c.get("/key?remoteSystemID=B", true);
      assertEquals("{\"keyId\":\"01\",\"key\":\"abcdef\"}",
          new String(reply.body(), StandardCharsets.UTF_8));
    }
    assertTrue(written.await(10, TimeUnit.SECONDS));
    assertArrayEquals(new byte[body.length], body);
  }

  @Test
  void skipZer01_clientGoneBeforeTheAnswer_bodyZeroedAndAfterWriteRun() throws Exception {
    byte[] body = new byte[256 * 1024];
    java.util.Arrays.fill(body, (byte) '7');
    CountDownLatch asked = new CountDownLatch(1);
    CountDownLatch gone = new CountDownLatch(1);
    CountDownLatch written = new CountDownLatch(1);
    PskHttpHandler slow = request -> {
      asked.countDown();
      try {
        gone.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new PskHttpResponse(200, "application/json", null, body, written::countDown);
    };
    PskClientConnection c = connect(slow, PskServerSettings.DEFAULT);
    send(c, "GET /key?remoteSystemID=B HTTP/1.1\r\n\r\n");
    assertTrue(asked.await(10, TimeUnit.SECONDS));
    c.close();
    gone.countDown();
    assertTrue(written.await(10, TimeUnit.SECONDS));
    assertArrayEquals(new byte[body.length], body);
    assertTrue(server.awaitOpenConnections(0, PskTesting.WAIT));
  }

  @Test
  void handlerThrows_500AndConnectionServesOn() throws Exception {
    PskHttpHandler failing = request -> {
      if (request.rawPath().equals("/boom")) {
        throw new IllegalStateException("bug");
      }
      return handler.handle(request);
    };
    try (PskClientConnection c = connect(failing, PskServerSettings.DEFAULT)) {
      assertEquals(500, c.get("/boom", false).status());
      assertEquals(200, c.get("/capabilities", true).status());
    }
  }

  @Test
  void close_openConnectionsAreClosed() throws Exception {
    PskClientConnection c = connect(handler, PskServerSettings.DEFAULT);
    OutputStream out = c.output();
    server.close();
    assertTrue(millisUntilClosed(c.input()) < PskTesting.WAIT.toMillis());
    assertThrows(IOException.class, () -> {
      for (int i = 0; i < 100; i++) {
        out.write(new byte[1024]);
        out.flush();
      }
    });
    c.close();
  }
}
