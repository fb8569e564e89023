package org.ukms.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ukms.core.KeyId;
import org.ukms.http.Limits;
import org.ukms.testing.RawHttp;

/**
 * Issue 9, point 4: clients that open connections and never finish a request hold no thread and
 * do not starve a real peer; the deadlines close them; one address cannot hold more than its
 * share. Attackers come from other loopback addresses (127.0.1.x, ...), as distinct hosts would.
 */
class PeerServerAbuseTest {
  static final String ID = "1f9bff4f-43f0-44d5-80e3-6f2777242d67";
  static final int WORKERS = 4;

  private final List<Socket> sockets = new ArrayList<>();
  private PeerServer server;

  @BeforeEach
  void start() throws IOException {
    server = PeerServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        (caller, call) -> new V1Responder.Served(new KeyId(ID)), null, null, WORKERS,
        Limits.DEFAULT, InstantSource.system());
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    server.close();
  }

  /** A connection from {@code source} that has sent {@code bytes} and no more. */
  Socket slow(String source, String bytes) throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5_000);
    s.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
    return s;
  }

  String rotate() {
    return RawHttp.exchange(server.port(), PeerServerTest.urllib("/api/v1/peer/alice/rotate",
        server.port()));
  }

  static long serverThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("ukms-peer")).count();
  }

  /** Whether the server still holds {@code s} open: a short read times out instead of EOF. */
  static boolean open(Socket s) throws IOException {
    s.setSoTimeout(1);
    try {
      return s.getInputStream().read() >= 0;
    } catch (SocketTimeoutException e) {
      return true;
    } catch (SocketException e) {
      return false;
    }
  }

  /** Blocks until the server closes {@code s} (EOF or reset); false if it did not within 15 s. */
  static boolean closedByServer(Socket s) throws IOException {
    s.setSoTimeout(15_000);
    InputStream in = s.getInputStream();
    try {
      while (in.read() >= 0) {
        // an answer (none expected); keep reading to EOF
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset: closed with our unread bytes
    }
  }

  @Test
  void slowClients_200HalfOpenAndUnfinishedBodies_realPeerServed_deadlinesClose_threadsIdle()
      throws Exception {
    for (int i = 0; i < WORKERS; i++) {
      assertTrue(rotate().startsWith("HTTP/1.1 200 "), "warm-up: every worker started once");
    }
    long idle = serverThreads();

    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < 200; i++) { // 20 sources x 10: within the per-source limit
      String source = "127.0.1." + (1 + i % 20);
      slow.add(slow(source, i % 2 == 0 ? "GET /api/v1/peer/alice/rot"
          : "GET /api/v1/peer/alice/rotate HTTP/1.1\r\nHost: x\r\nUser-Agent: slo"));
    }
    for (int i = 0; i < 40; i++) {
      slow.add(slow("127.0.2." + (1 + i % 4), "POST /api/v2/peer/offer HTTP/1.1\r\nHost: x\r\n"
          + "Content-Type: application/json\r\nContent-Length: 9000\r\n\r\n{\"epoch\":"));
    }
    long before = System.nanoTime();
    String answer = rotate();
    Duration took = Duration.ofNanos(System.nanoTime() - before);

    assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
    assertEquals("{\"status\": \"ok\", \"key_ID\": \"" + ID + "\"}", PeerServerTest.body(answer));
    // Served beside the slow clients, not after their 5 s deadlines freed a worker (a margin
    // for a loaded machine; this is no latency goal: bench/ measures those).
    assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "answered promptly: " + took);
    for (Socket s : slow) {
      assertTrue(open(s), "the slow clients were still connected meanwhile");
    }
    assertTrue(serverThreads() <= idle, "no thread per slow client: " + serverThreads()
        + " > " + idle);

    for (Socket s : slow) {
      assertTrue(closedByServer(s), "the head or body deadline closed it");
    }
    assertTrue(serverThreads() <= idle, "back to idle: " + serverThreads() + " > " + idle);
    assertTrue(rotate().startsWith("HTTP/1.1 200 "), "and the server still serves");
  }

  @Test
  void perSource_connectionBeyondTheLimit_isClosedAtOnce_otherSourcesServed() throws Exception {
    String request = "GET /api/v1/peer/alice/rotate HTTP/1.1\r\nHost: x\r\n\r\n";
    for (int i = 0; i < Limits.CONNECTIONS_PER_SOURCE; i++) {
      Socket s = slow("127.0.3.1", request);
      s.setSoTimeout(5_000);
      // A complete answer means the server has opened (and counted) this connection; it stays
      // open (keep-alive) for the next request.
      String head = readHead(s.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 200 "), head);
    }

    Socket extra = slow("127.0.3.1", request);
    long before = System.nanoTime();
    assertTrue(closedByServer(extra), "refused");
    Duration took = Duration.ofNanos(System.nanoTime() - before);
    assertTrue(took.compareTo(Limits.HEADER_DEADLINE) < 0,
        "closed by the per-source limit, not by a deadline: " + took);

    Socket other = slow("127.0.3.2", request);
    other.setSoTimeout(5_000);
    assertTrue(readHead(other.getInputStream()).startsWith("HTTP/1.1 200 "),
        "another source is served");
    assertTrue(rotate().startsWith("HTTP/1.1 200 "), "and so is 127.0.0.1");
  }

  @Test
  void perSource_thisHostsOwnConnections_areNotLimited() throws Exception {
    String request = "GET /api/v1/peer/alice/rotate HTTP/1.1\r\nHost: x\r\n\r\n";
    for (int i = 0; i < 2 * Limits.CONNECTIONS_PER_SOURCE; i++) {
      // 127.0.0.1 to 127.0.0.1: as the daemon's own workers calling its embedded fake KME.
      Socket s = slow("127.0.0.1", request);
      s.setSoTimeout(5_000);
      String head = readHead(s.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 200 "), "connection " + i + ": " + head);
    }
  }

  @Test
  void oversizedHead_is431_withoutReachingAHandler() {
    String response = RawHttp.exchange(server.port(), "GET /api/v1/peer/alice/rotate HTTP/1.1\r\n"
        + "Host: x\r\nUkms-Auth: v2 sender=" + "a".repeat(Limits.MAX_HEADER_BYTES) + "\r\n"
        + "Connection: close\r\n\r\n");

    assertTrue(response.startsWith("HTTP/1.1 431 "), response);
    assertFalse(response.contains("<html"), "no HTML error page: " + response);
  }

  /** Reads one answer's status line and headers, byte by byte, and its Content-Length body. */
  static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    String text = head.toString();
    int at = text.toLowerCase(java.util.Locale.ROOT).indexOf("content-length: ");
    if (at >= 0) {
      int length = Integer.parseInt(text.substring(at + 16, text.indexOf("\r\n", at)).trim());
      in.readNBytes(length);
    }
    return text;
  }
}
