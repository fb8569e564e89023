import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A pair flooded by a client: half-open connections, and requests with fake sender names. */
final class FloodRuns {
  private final Nodes nodes;
  private final Path dir;

  FloodRuns(Nodes nodes) {
    this.nodes = nodes;
    this.dir = nodes.dir;
  }

  /**
   * {@code connections} half-open connections to bob (half a request line and headers, then
   * nothing; reopened when the server closes them) for {@code seconds}, while alice and bob
   * rotate every 3 s; then bob's threads and RSS against their idle level.
   */
  void slowloris(int connections, int seconds) throws Exception {
    int b = Nodes.freePort();
    Process[] pair = nodes.pair(b);
    Process alice = pair[0];
    Process bob = pair[1];
    Path pa = dir.resolve("psk/alice/bob.key");
    Path pb = dir.resolve("psk/bob/alice.key");
    Thread.sleep(5_000);
    int idleThreads = ProcStats.threads(bob.pid());
    java.util.Map<String, Long> idleNames = ProcStats.threadNames(bob.pid());
    long idleRss = ProcStats.rssKib(bob.pid());
    int installsBefore =
        Report.count(Files.readString(dir.resolve("alice.log")), "result=installed");
    List<Socket> open = new ArrayList<>();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    int reopened = 0;
    int peakThreads = 0;
    while (System.nanoTime() < end) {
      open.removeIf(Socket::isClosed);
      for (java.util.Iterator<Socket> it = open.iterator(); it.hasNext(); ) {
        Socket s = it.next();
        try {
          s.getOutputStream().write('x'); // a byte now and then, as a slow client would
          if (s.getInputStream().available() > 0 || s.isInputShutdown()) {
            s.close();
            it.remove();
          }
        } catch (IOException e) {
          s.close();
          it.remove();
        }
      }
      while (open.size() < connections) {
        try {
          Socket s = new Socket(InetAddress.getLoopbackAddress(), b);
          s.getOutputStream().write(("POST /api/v2/peer/offer HTTP/1.1\r\nHost: bob\r\n"
              + "Content-Length: 100\r\nX-Slow: ").getBytes(StandardCharsets.US_ASCII));
          open.add(s);
          reopened++;
        } catch (IOException e) {
          break; // refused: the server is shedding; try again next tick
        }
      }
      peakThreads = Math.max(peakThreads, ProcStats.threads(bob.pid()));
      Thread.sleep(1_000);
    }
    int installsDuring =
        Report.count(Files.readString(dir.resolve("alice.log")), "result=installed")
        - installsBefore;
    boolean equalDuring = Nodes.same(pa, pb);
    for (Socket s : open) {
      s.close();
    }
    Thread.sleep(65_000); // past the server pools' 60 s idle timeout
    int afterThreads = ProcStats.threads(bob.pid());
    java.util.Map<String, Long> afterNames = ProcStats.threadNames(bob.pid());
    long afterRss = ProcStats.rssKib(bob.pid());
    Nodes.stop(alice);
    Nodes.stop(bob);
    Report.row("half-open connections held / opened in all", connections + " / " + reopened);
    Report.row("rotations completed during the " + seconds + " s (period 3 s)", installsDuring);
    Report.row("pair equal at the end of the attack", equalDuring);
    Report.row("bob's threads: idle / peak / 65 s after", idleThreads + " / " + peakThreads + " / "
        + afterThreads);
    java.util.Set<String> kinds = new java.util.TreeSet<>(afterNames.keySet());
    kinds.addAll(idleNames.keySet());
    StringBuilder diff = new StringBuilder();
    for (String k : kinds) {
      long x = idleNames.getOrDefault(k, 0L);
      long y = afterNames.getOrDefault(k, 0L);
      if (x != y) {
        diff.append(k).append(' ').append(x).append("→").append(y).append("; ");
      }
    }
    Report.row("thread kinds that changed", diff.length() == 0 ? "none" : diff.toString());
    Report.row("bob's RSS: idle / 65 s after", idleRss / 1024 + " / " + afterRss / 1024 + " MiB");
  }

  /**
   * {@code requests} signed-looking v2 requests to bob, each with a distinct sender name of
   * {@code bytes} bytes; then bob's heap after a full GC against before, and the refusal lines.
   */
  void senders(int requests, int bytes) throws Exception {
    int b = Nodes.freePort();
    Process[] pair = nodes.pair(b);
    Process alice = pair[0];
    Process bob = pair[1];
    Path pa = dir.resolve("psk/alice/bob.key");
    Path pb = dir.resolve("psk/bob/alice.key");
    long heapBefore = ProcStats.heapAfterGc(bob.pid());
    int linesBefore = Files.readAllLines(dir.resolve("bob.log")).size();
    int installsBefore =
        Report.count(Files.readString(dir.resolve("alice.log")), "result=installed");
    long t = System.nanoTime();
    Random random = new Random(1);
    int answered = 0;
    for (int i = 0; i < requests; i++) {
      char[] name = new char[bytes];
      for (int k = 0; k < bytes; k++) {
        name[k] = (char) ('a' + random.nextInt(26));
      }
      String header = "v2 sender=" + new String(name) + ", receiver=bob, ts="
          + System.currentTimeMillis() + ", nonce=AAAAAAAAAAAAAAAAAAAAAA, mac="
          + "A".repeat(43);
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), b)) {
        s.setSoTimeout(5_000);
        s.getOutputStream().write(("POST /api/v2/peer/offer HTTP/1.1\r\nHost: bob\r\n"
            + "Ukms-Auth: " + header + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
            .getBytes(StandardCharsets.US_ASCII));
        if (s.getInputStream().read() >= 0) {
          answered++;
        }
      } catch (IOException e) {
        // refused or reset under load: counted as unanswered
      }
    }
    double seconds = (System.nanoTime() - t) / 1e9;
    long heapAfter = ProcStats.heapAfterGc(bob.pid());
    List<String> lines = Files.readAllLines(dir.resolve("bob.log"));
    long refusals = lines.subList(linesBefore, lines.size()).stream()
        .filter(l -> l.contains("v2_refused") || l.contains("refus")).count();
    Thread.sleep(4_000);
    int installsDuring =
        Report.count(Files.readString(dir.resolve("alice.log")), "result=installed")
        - installsBefore;
    Nodes.stop(alice);
    Nodes.stop(bob);
    Report.row("requests with distinct " + bytes + "-byte senders (answered)", requests + " ("
        + answered + ") in " + String.format("%.1f s", seconds));
    Report.row("bob's heap after a full GC: before / after", heapBefore / 1024 + " / "
        + heapAfter / 1024 + " KiB (" + (heapAfter - heapBefore) / 1024 + " KiB)");
    Report.row("refusal log lines written during the run", refusals);
    Report.row("rotations during and 4 s after the run", installsDuring);
  }
}
