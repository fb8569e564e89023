package org.ukms.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.ukms.testing.RawHttp;

/** An {@link Workers#INLINE} route answers on the I/O thread that read it: no hand-off. */
class InlineRouteTest {
  private static final InetSocketAddress LOOPBACK =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  @Test
  void inlineRoute_runsOnAnIoThread_pooledRoute_onItsWorkers() throws Exception {
    HttpHandler threadName = r -> HttpReply.text(200, null, Thread.currentThread().getName());
    try (HttpServer server = HttpServer.builder("inl", LOOPBACK)
        .route(new Route("/inline", 1024, Workers.INLINE, threadName))
        .route(new Route("/", 1024, new Workers("pooled", 1, 1), threadName))
        .start()) {
      String inline = body(RawHttp.exchange(server.port(), "POST /inline HTTP/1.1\r\nHost: x\r\n"
          + "Content-Length: 2\r\nConnection: close\r\n\r\n{}"));
      String pooled = body(RawHttp.exchange(server.port(), "GET /other HTTP/1.1\r\nHost: x\r\n"
          + "Connection: close\r\n\r\n"));

      assertTrue(inline.startsWith("inl-io"), inline);
      assertTrue(pooled.startsWith("pooled-"), pooled);
    }
  }

  @Test
  void workers_zeroThreads_onlyAsInline() {
    assertTrue(Workers.INLINE.inline());
    assertEquals(false, new Workers("w", 1, 0).inline());
    assertThrows(IllegalArgumentException.class, () -> new Workers("w", 0, 0));
  }

  private static String body(String answer) {
    assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
    return answer.substring(answer.indexOf("\r\n\r\n") + 4);
  }
}
