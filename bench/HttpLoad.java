import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A small wrk: C keep-alive HTTP/1.1 connections on loopback, each sending one request after the
 * other for S seconds (after a 2 s warm-up that is not counted); prints requests per second and
 * the count per status. A connection the server closes is reopened (and counted as "reconnect").
 *
 * <pre>
 * java bench/HttpLoad.java PORT CONNECTIONS SECONDS METHOD PATH [BODY] [HEADER: VALUE ...]
 * </pre>
 *
 * The last output line is "rps=N", for scripts.
 */
public final class HttpLoad {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int connections = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    String method = args[3];
    String path = args[4];
    String body = args.length > 5 ? args[5] : "";
    StringBuilder head =
        new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (int i = 6; i < args.length; i++) {
      head.append(args[i]).append("\r\n");
    }
    byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
    if (!method.equals("GET")) {
      head.append("Content-Type: application/json\r\nContent-Length: ").append(bodyBytes.length)
          .append("\r\n");
    }
    head.append("\r\n");
    byte[] request = concat(head.toString().getBytes(StandardCharsets.US_ASCII), bodyBytes);

    Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    AtomicLong counting = new AtomicLong(0); // 0 warm-up, 1 counting, 2 stop
    LongAdder reconnects = new LongAdder();
    Thread[] threads = new Thread[connections];
    for (int c = 0; c < connections; c++) {
      threads[c] = new Thread(() -> {
        while (counting.get() < 2) {
          try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream(), 16384);
            while (counting.get() < 2) {
              out.write(request);
              int status = readResponse(in);
              if (status < 0) {
                break;
              }
              if (counting.get() == 1) {
                statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
              }
            }
          } catch (IOException e) {
            // reopen
          }
          if (counting.get() == 1) {
            reconnects.increment();
          }
        }
      });
      threads[c].setDaemon(true);
      threads[c].start();
    }
    Thread.sleep(2000);
    counting.set(1);
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    counting.set(2);
    double elapsed = (System.nanoTime() - start) / 1e9;
    long total = statuses.values().stream().mapToLong(LongAdder::sum).sum();
    Map<Integer, Long> sorted = new TreeMap<>();
    statuses.forEach((k, v) -> sorted.put(k, v.sum()));
    System.out.printf("%s %s, %d connections, %.1f s: %d requests, statuses %s, reconnects %d%n",
        method, path, connections, elapsed, total, sorted, reconnects.sum());
    System.out.printf("rps=%.0f%n", total / elapsed);
  }

  /** Reads one response; returns its status, or -1 if the connection closed. */
  static int readResponse(InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      return -1;
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    int length = 0;
    String h;
    while ((h = line(in)) != null && !h.isEmpty()) {
      String lower = h.toLowerCase();
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(lower.substring(15).trim());
      }
    }
    for (int i = 0; i < length; i++) {
      if (in.read() < 0) {
        return -1;
      }
    }
    return status; // a "Connection: close" shows as -1 on the next read
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int n = b.length();
        return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
      }
      b.append((char) c);
    }
    return null;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
