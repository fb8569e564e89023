package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.ukms.testing.FuzzLines;
import org.ukms.testing.ManualClock;
import org.ukms.testing.SimHarness;

/**
 * Fuzz (docs/fuzzing.md): the simulated KME's request parsing (routes, query parameters, JSON
 * bodies of enc_keys and dec_keys), through a real simulator on a loopback port with raw
 * HTTP/1.1 on one kept-alive connection. Every answer is one the front end documents (200, 400,
 * 401, 404, 405; 503 only when keys run out, never "internal error"), JSON with a
 * {@code message} when it is an error, no stack trace; and the server keeps serving: Status and
 * /metrics answer 200 after it. Paths under /metrics get the Prometheus text instead. The
 * request is always valid HTTP, so the front end, not the HTTP server, answers it.
 */
class EtsiFrontEndFuzzTest {
  private static final Set<Integer> DOCUMENTED = Set.of(200, 400, 401, 404, 405, 503);
  private static final String STATUS = "/api/v1/keys/sae-b/status";
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final ObjectMapper mapper = new ObjectMapper();
  private KmeServer server;
  private long runs;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  @BeforeEach
  void start() {
    server = SimHarness.plain(SimSettings.defaults(SimSettings.Mode.LINK, "kme-a", "kme-b"),
        "sae-a", clock, Faults.NONE);
  }

  @AfterEach
  void stop() throws IOException {
    disconnect();
    server.close();
  }

  /**
   * Input lines: method (letters; empty is GET), request target (a target not starting with
   * "/" goes under /api/v1/keys/; bytes outside the URI syntax are percent-encoded); the rest
   * is the body.
   */
  @FuzzTest
  void request_anyRouteQueryOrBody_isADocumentedJsonAnswer(byte[] input) throws IOException {
    FuzzLines lines = FuzzLines.of(input, 2);
    String method = method(lines.line(0));
    String target = target(lines.line(1));
    byte[] body = lines.rest();
    clock.advance(Duration.ofHours(1)); // the pools refill: enc_keys can succeed every run

    // Jazzer's SSRF detector refuses connections the test did not allow: ours go to the simulator.
    SilentCloseable allowed =
        BugDetectors.allowNetworkConnections((host, port) -> port == server.port());
    try {
      Answer answer = exchange(method, target, body);

      String what = method + " " + target;
      // A target the HTTP server itself refuses (a %00, or percent-encoding that is no UTF-8)
      // gets 400 with a JSON message and Connection: close before any route: then the ETSI
      // rules below apply, /metrics or not.
      boolean refusedByServer = answer.status == 400
          && "close".equalsIgnoreCase(answer.headers.get("connection"));
      if (java.net.URI.create(target).getPath().startsWith("/metrics") && !refusedByServer) {
        assertEquals(200, answer.status, what); // the Prometheus text, not an ETSI route
      } else {
        assertEtsiAnswer(what, method, answer);
      }
      Answer status = exchange("GET", STATUS, new byte[0]);
      assertEquals(200, status.status, () -> "after " + what + ", status answered " + status);
      // Every request naming a new SAE adds a pool line to /metrics, so while fuzzing (one
      // server for all runs) it is checked every 64th run; replayed, after each input.
      if (runs++ % 64 == 0) {
        Answer metrics = exchange("GET", "/metrics", new byte[0]);
        assertEquals(200, metrics.status, () -> "after " + what + ", metrics answered " + metrics);
      }
    } finally {
      allowed.close();
    }
  }

  private void assertEtsiAnswer(String what, String method, Answer answer) throws IOException {
    assertTrue(DOCUMENTED.contains(answer.status), () -> what + " answered " + answer);
    assertEquals("application/json", answer.headers.get("content-type"), what);
    if (!method.equals("HEAD")) {
      String text = new String(answer.body, StandardCharsets.UTF_8);
      JsonNode json = mapper.readTree(answer.body);
      assertTrue(json != null && json.isObject(), () -> what + ": not a JSON object: " + text);
      // A stack trace has "\tat " lines; the front end's echoes of the request (clipped to
      // printable ASCII) cannot hold a tab, so any tab-at is a trace.
      assertFalse(json.path("message").asText().contains("\tat ")
          || text.contains("\tat "), what + ": " + text);
      if (answer.status != 200) {
        assertTrue(json.path("message").isTextual(), () -> what + ": no message: " + text);
        assertNotEquals("internal error", json.path("message").asText(), what);
      }
    }
  }

  private static String method(String line) {
    StringBuilder m = new StringBuilder();
    for (char c : line.toCharArray()) {
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
        m.append(Character.toUpperCase(c));
      }
    }
    return m.length() == 0 ? "GET" : m.substring(0, Math.min(m.length(), 12));
  }

  private static String target(String line) {
    String raw = line.startsWith("/") ? line : "/api/v1/keys/" + line;
    // The JDK server reads "//x" as an authority with an empty path and answers its own HTML
    // 404 before any handler runs (found by this test; the server moves to Jetty next).
    raw = raw.replaceFirst("^/{2,}", "/");
    StringBuilder t = new StringBuilder();
    byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      boolean escape = b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1])
          && isHex(bytes[i + 2]);
      if (b < 0x80 && (Character.isLetterOrDigit(b) || "-._~!$&'()*+,;=:@/?".indexOf(b) >= 0)
          || escape) {
        t.append((char) b);
      } else {
        t.append(String.format(Locale.ROOT, "%%%02X", b));
      }
    }
    return t.toString();
  }

  private static boolean isHex(byte b) {
    return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F';
  }

  record Answer(int status, Map<String, String> headers, byte[] body) {
    @Override
    public String toString() {
      return status + " " + headers + " " + new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * One request on the kept-alive connection. A server may close a kept-alive connection
   * between requests (HTTP allows it), so a request that meets a closed reused connection
   * before any answer byte is sent once more on a new one.
   */
  private Answer exchange(String method, String target, byte[] body) throws IOException {
    boolean reused = socket != null;
    Answer answer;
    try {
      answer = send(method, target, body);
    } catch (Closed e) {
      disconnect();
      if (!reused) {
        throw new AssertionError("the server closed a new connection without an answer; "
            + serverThreads());
      }
      try {
        answer = send(method, target, body);
      } catch (Closed again) {
        disconnect();
        throw new AssertionError("the server closed a kept-alive connection, then a new one, "
            + "without an answer; " + serverThreads());
      }
    }
    if ("close".equalsIgnoreCase(answer.headers.get("connection"))) {
      disconnect();
    }
    return answer;
  }

  private Answer send(String method, String target, byte[] body) throws IOException {
    if (socket == null) {
      socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
      socket.setSoTimeout(10_000);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }
    String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\n"
        + (body.length > 0 || method.equals("POST") ? "Content-Length: " + body.length + "\r\n"
            : "")
        + "\r\n";
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.write(head.getBytes(StandardCharsets.ISO_8859_1));
    request.write(body);
    int first;
    try {
      out.write(request.toByteArray()); // one write: no Nagle wait between head and body
      out.flush();
      first = in.read();
    } catch (java.net.SocketException e) {
      throw new Closed(); // reset by a server that had closed it
    }
    if (first < 0) {
      throw new Closed();
    }
    return read(first, method.equals("HEAD"));
  }

  /** What the server's threads are doing, to explain a connection it closed. */
  private static String serverThreads() {
    StringBuilder out = new StringBuilder("server threads:");
    Thread.getAllStackTraces().forEach((t, stack) -> {
      if (t.getName().startsWith("ukms-kme-http") || t.getName().startsWith("HTTP-Dispatcher")) {
        out.append("\n  ").append(t.getName()).append(' ').append(t.getState());
        for (int i = 0; i < Math.min(stack.length, 6); i++) {
          out.append("\n    at ").append(stack[i]);
        }
      }
    });
    return out.toString();
  }

  /** The connection was closed before any byte of an answer. */
  private static final class Closed extends IOException {}

  private Answer read(int first, boolean head) throws IOException {
    String statusLine = (char) first + line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new AssertionError("not an HTTP answer: " + statusLine);
    }
    Map<String, String> headers = new HashMap<>();
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          h.substring(colon + 1).trim());
    }
    int status = Integer.parseInt(parts[1]);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (!head && headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    } else if (!head && "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (int size = Integer.parseInt(line().trim(), 16); size > 0;
          size = Integer.parseInt(line().trim(), 16)) {
        body.write(in.readNBytes(size));
        line();
      }
      line();
    }
    return new Answer(status, headers, body.toByteArray());
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("the server closed the connection without an answer");
      }
      line.write(b);
    }
    String text = line.toString(StandardCharsets.ISO_8859_1);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  private void disconnect() throws IOException {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }
}
