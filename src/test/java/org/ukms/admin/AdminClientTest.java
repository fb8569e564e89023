package org.ukms.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ukms.config.AdminListen;

/** The client behind {@code ukms status} against servers that are not a ukms admin endpoint. */
class AdminClientTest {
  private final CountDownLatch done = new CountDownLatch(1);
  private ServerSocket server;

  @AfterEach
  void tearDown() throws IOException {
    done.countDown();
    if (server != null) {
      server.close();
    }
  }

  /** A loopback server answering every connection with {@code answer} (null: never). */
  private AdminListen serving(byte[] answer) throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      try (Socket s = server.accept()) {
        if (answer != null) {
          // Read the request first: closing with unread input would reset the connection.
          String seen = "";
          int c;
          while (!seen.endsWith("\r\n\r\n") && (c = s.getInputStream().read()) >= 0) {
            seen += (char) c;
          }
          OutputStream out = s.getOutputStream();
          out.write(answer);
          out.flush();
          s.shutdownOutput();
        }
        done.await();
      } catch (IOException | InterruptedException e) {
        // the test is over
      }
    });
    t.setDaemon(true);
    t.start();
    return new AdminListen(null, "127.0.0.1", server.getLocalPort());
  }

  @Test
  void get_notHttp_saysItIsNoAdminEndpoint() throws Exception {
    AdminListen listen = serving("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));

    AdminClient.UnreachableException e = assertThrows(AdminClient.UnreachableException.class,
        () -> AdminClient.get(listen, "/status"));

    assertEquals("what answers on " + listen + " is not a ukms admin endpoint (no HTTP/1.1 "
        + "answer)", e.getMessage());
  }

  @Test
  void get_silentServer_givesUpAtTheDeadline() throws Exception {
    AdminListen listen = serving(null);

    AdminClient.UnreachableException e = assertThrows(AdminClient.UnreachableException.class,
        () -> AdminClient.get(listen, "/status", Duration.ofMillis(200), 1024));

    assertEquals("no answer from " + listen + " within 200 ms; is ukms running with this "
        + "config?", e.getMessage());
  }

  @Test
  void get_answerLargerThanTheBound_isRefused() throws Exception {
    AdminListen listen = serving(("HTTP/1.1 200 OK\r\n\r\n" + "x".repeat(5000))
        .getBytes(StandardCharsets.US_ASCII));

    AdminClient.UnreachableException e = assertThrows(AdminClient.UnreachableException.class,
        () -> AdminClient.get(listen, "/status", Duration.ofSeconds(10), 1024));

    assertEquals("the answer from " + listen + " is larger than 1024 bytes", e.getMessage());
  }

  @Test
  void parse_contentLengthOrChunked_givesStatusAndBody() throws Exception {
    AdminListen listen = new AdminListen(null, "127.0.0.1", 9100);

    AdminClient.Answer plain = AdminClient.parse(("HTTP/1.1 503 Service Unavailable\r\n"
        + "Content-Length: 6\r\n\r\nbob: x").getBytes(StandardCharsets.US_ASCII), listen);
    AdminClient.Answer chunked = AdminClient.parse(("HTTP/1.1 200 OK\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII), listen);

    assertEquals(new AdminClient.Answer(503, "bob: x"), plain);
    assertEquals(new AdminClient.Answer(200, "{\"a\":1}"), chunked);
  }
}
