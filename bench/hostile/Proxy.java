import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** Forwards HTTP/1.1 requests, one per connection, and applies the attack script. */
final class Proxy {
  final int[][] routes;
  final AtomicBoolean honest = new AtomicBoolean();
  final AtomicBoolean delivered = new AtomicBoolean();
  final AtomicReference<byte[]> held = new AtomicReference<>();
  volatile int logMarkAlice;
  final int bobPort;
  private final Path aliceLog;

  Proxy(Path aliceLog, int toA, int a, int toB, int b) {
    this.aliceLog = aliceLog;
    routes = new int[][] {{toA, a}, {toB, b}};
    bobPort = b;
  }

  void start() throws IOException {
    for (int[] r : routes) {
      ServerSocket server = new ServerSocket(r[0], 50, InetAddress.getLoopbackAddress());
      daemon(() -> {
        while (true) {
          try {
            Socket client = server.accept();
            daemon(() -> serve(client, r[1]));
          } catch (IOException e) {
            return;
          }
        }
      });
    }
  }

  void serve(Socket client, int upstream) {
    try (client) {
      byte[] request = readRequest(client.getInputStream());
      String head = new String(request, StandardCharsets.ISO_8859_1);
      boolean fromAlice = upstream == bobPort;
      boolean confirm = head.startsWith("POST /api/v2/peer/confirm");
      if (!honest.get() && !delivered.get()) {
        if (fromAlice && confirm && held.get() == null) {
          held.set(request);
          return; // alice's confirm vanishes (she times out)
        }
        if (fromAlice && held.get() != null) {
          return; // every later request of alice is dropped
        }
        if (!fromAlice && confirm && held.get() != null) {
          forward(held.get(), upstream); // the held confirm goes first
          delivered.set(true);
          logMarkAlice = (int) Files.size(aliceLog);
        }
      }
      byte[] answer = forward(request, upstream);
      client.getOutputStream().write(answer);
    } catch (IOException e) {
      // a dropped or broken connection
    }
  }

  static byte[] forward(byte[] request, int port) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      String head = new String(request, StandardCharsets.ISO_8859_1)
          .replaceFirst("(?i)\r\nConnection: [^\r]*", "");
      int end = head.indexOf("\r\n\r\n");
      String rewritten = head.substring(0, end) + "\r\nConnection: close" + head.substring(end);
      s.getOutputStream().write(rewritten.getBytes(StandardCharsets.ISO_8859_1));
      return s.getInputStream().readAllBytes();
    }
  }

  static byte[] readRequest(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int length = -1;
    int b;
    while ((b = in.read()) >= 0) {
      out.write(b);
      String s = out.toString(StandardCharsets.ISO_8859_1);
      if (s.endsWith("\r\n\r\n")) {
        java.util.regex.Matcher m = java.util.regex.Pattern
            .compile("(?i)content-length: *(\\d+)").matcher(s);
        length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        break;
      }
    }
    out.write(in.readNBytes(Math.max(0, length)));
    return out.toByteArray();
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r);
    t.setDaemon(true);
    t.start();
  }
}
