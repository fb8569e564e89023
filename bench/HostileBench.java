import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issue 9's acceptance runs with real `ukms run` processes on loopback (v2 hybrid on the embedded
 * fake QKD in link mode). Prints a table per run. From the repository root, after
 * `mvn -q -DskipTests package`:
 *
 *   java -cp target/ukms.jar bench/HostileBench.java hub 100 300     # N peers, seconds
 *   java -cp target/ukms.jar bench/HostileBench.java kill9 100       # rounds of kill -9
 *   java -cp target/ukms.jar bench/HostileBench.java tmpfs           # root: state on a full tmpfs
 *   java -cp target/ukms.jar bench/HostileBench.java attack          # delayed confirm via a proxy
 *   java -cp target/ukms.jar bench/HostileBench.java slowloris 200 60  # half-open connections
 *   java -cp target/ukms.jar bench/HostileBench.java senders 10000 8192  # fake sender names
 */
public class HostileBench {
  static Path dir;
  static final Path JAR = Path.of("target/ukms.jar").toAbsolutePath();

  public static void main(String[] args) throws Exception {
    dir = Files.createTempDirectory("ukms-hostile");
    for (String secret : new String[] {"pair.key", "link.secret"}) {
      Files.writeString(dir.resolve(secret), b64(32));
      Files.setPosixFilePermissions(dir.resolve(secret),
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }
    switch (args.length == 0 ? "" : args[0]) {
      case "hub" -> hub(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      case "kill9" -> kill9(Integer.parseInt(args[1]));
      case "tmpfs" -> tmpfs();
      case "attack" -> attack();
      case "slowloris" -> slowloris(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      case "senders" -> senders(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      default -> {
        System.err.println("usage: HostileBench hub N SECONDS | kill9 ROUNDS | tmpfs | attack"
            + " | slowloris CONNECTIONS SECONDS | senders REQUESTS BYTES");
        System.exit(2);
      }
    }
  }

  // ------------------------------------------------------------------ runs

  /** A hub with n peers against one counterpart process (n virtual nodes), period 10 s. */
  static void hub(int n, int seconds) throws Exception {
    int hubPort = freePort();
    int cpPort = freePort();
    config("hub", "h", "c", hubPort, hubPort, cpPort, n, 10, "");
    config("cp", "c", "h", cpPort, cpPort, hubPort, n, 10, "");
    Process hub = start("hub");
    Process cp = start("cp");
    long t0 = System.nanoTime();
    int worstEqual = n;
    int samples = 0;
    long cpu0 = cpuTicks(hub.pid());
    while (System.nanoTime() - t0 < Duration.ofSeconds(seconds).toNanos()) {
      Thread.sleep(10_000);
      if (System.nanoTime() - t0 > Duration.ofSeconds(30).toNanos()) {
        worstEqual = Math.min(worstEqual, equalPairs("hub", "h", "cp", "c", n));
        samples++;
      }
    }
    double cpu = (cpuTicks(hub.pid()) - cpu0) / 100.0 / ((System.nanoTime() - t0) / 1e9);
    long rss = rssKib(hub.pid());
    int threads = threads(hub.pid());
    stop(hub);
    stop(cp);
    int equalEnd = equalPairs("hub", "h", "cp", "c", n);
    String logs = Files.readString(dir.resolve("hub.log")) + Files.readString(dir.resolve("cp.log"));
    row("peers", n);
    row("period / run", "10 s / " + seconds + " s");
    row("pairs equal at the end (both stopped)", equalEnd + " of " + n);
    row("worst sampled equal pairs after 30 s (" + samples + " samples)", worstEqual + " of " + n);
    row("installs logged (both)", count(logs, "result=installed"));
    row("failed steps logged (both)", count(logs, "result=failed"));
    row("epoch_mismatch / chain_reset", count(logs, "event=epoch_mismatch") + " / "
        + count(logs, "event=chain_reset"));
    row("fail-closed (stale) events", count(logs, "result=stale"));
    row("hub CPU (share of one core)", String.format("%.1f %%", 100 * cpu));
    row("hub RSS at the end", rss / 1024 + " MiB");
    row("hub threads at the end", threads);
  }

  /** A hub (10 peers, period 2 s) killed with SIGKILL at random moments; converge each time. */
  static void kill9(int rounds) throws Exception {
    int n = 10;
    int period = 2;
    int hubPort = freePort();
    int cpPort = freePort();
    config("hub", "h", "c", hubPort, hubPort, cpPort, n, period, "");
    config("cp", "c", "h", cpPort, cpPort, hubPort, n, period, "");
    Process cp = start("cp");
    Process hub = start("hub");
    Random random = new Random(9);
    int converged = 0;
    long worstMs = 0;
    waitEqual(n, Duration.ofSeconds(30));
    for (int r = 0; r < rounds; r++) {
      Thread.sleep(random.nextInt(period * 1000));
      hub.destroyForcibly().waitFor();
      List<String> before = snapshot(n);
      hub = start("hub");
      long t = System.nanoTime();
      // Converged: every pair equal again, on a PSK rotated after the restart.
      if (waitFor(() -> equalPairs("hub", "h", "cp", "c", n) == n && rotatedSince(before, n),
          Duration.ofSeconds(3L * period))) {
        converged++;
      }
      worstMs = Math.max(worstMs, (System.nanoTime() - t) / 1_000_000);
    }
    stop(hub);
    stop(cp);
    String logs = Files.readString(dir.resolve("hub.log")) + Files.readString(dir.resolve("cp.log"));
    row("rounds of kill -9 (hub, 10 peers, period 2 s)", rounds);
    row("converged within three periods (all 10 pairs rotated and equal)", converged + " of "
        + rounds);
    row("slowest convergence after the restart", worstMs + " ms");
    row("chain_reset events", count(logs, "event=chain_reset"));
  }

  /** bob's state on a 1 MiB tmpfs that is then filled: no ack, no install; then it converges. */
  static void tmpfs() throws Exception {
    Path mount = dir.resolve("bobstate");
    Files.createDirectories(mount);
    run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", mount.toString());
    try {
      int a = freePort();
      int b = freePort();
      // A PSK lifetime beyond the full-disk phase, so that fail-closed stays out of the picture.
      config("alice", "alice", "bob", a, a, b, 1, 3, "", "psk_lifetime_seconds = 60");
      config("bob", "bob", "alice", b, b, a, 1, 3, "state_dir = \"" + mount + "\"",
          "psk_lifetime_seconds = 60");
      Process alice = start("alice");
      Process bob = start("bob");
      Path pa = dir.resolve("psk/alice/bob.key");
      Path pb = dir.resolve("psk/bob/alice.key");
      waitFor(() -> Files.exists(pa) && Files.exists(pb) && same(pa, pb), Duration.ofSeconds(30));
      // Fill the tmpfs (the state file itself stays as it is).
      run("sh", "-c", "dd if=/dev/zero of=" + mount.resolve("filler") + " bs=4k 2>/dev/null; true");
      String stateBefore = Files.readString(mount.resolve("alice.state"));
      String fa = Files.readString(pa);
      Thread.sleep(10_000);
      String fb = Files.readString(pb);
      boolean unchanged = Files.readString(pa).equals(fa) && Files.readString(pb).equals(fb)
          && Files.readString(mount.resolve("alice.state")).equals(stateBefore);
      String equalDuring = fa.equals(fb) ? "equal" : "different (a rotation was mid-way)";
      long partial;
      try (var s = Files.list(mount)) {
        partial = s.filter(p -> p.getFileName().toString().startsWith(".")).count();
      }
      Files.delete(mount.resolve("filler"));
      long t = System.nanoTime();
      boolean converged = waitFor(() -> !Files.readString(pa).equals(fa) && same(pa, pb),
          Duration.ofSeconds(6));
      long ms = (System.nanoTime() - t) / 1_000_000;
      stop(alice);
      stop(bob);
      String logs = Files.readString(dir.resolve("bob.log"));
      row("10 s with bob's state_dir full: both PSK files and the state unchanged", unchanged);
      row("the two PSK files while the disk was full", equalDuring);
      row("temporary files left in the full folder", partial);
      row("save failures logged by bob (naming the file)", count(logs, "step=save_state"));
      row("converged after space was freed (period 3 s)", converged + " in " + ms + " ms");
    } finally {
      run("umount", mount.toString());
    }
  }

  /**
   * The delayed-confirm attack through a proxy: hold alice's first confirm, drop every later
   * request of alice, and hand bob the held confirm just before bob's own; then turn honest.
   */
  static void attack() throws Exception {
    int a = freePort();
    int b = freePort();
    int toA = freePort();
    int toB = freePort();
    // Each side reaches the other through the proxy.
    config("alice", "alice", "bob", a, a, toB, 1, 4, "");
    config("bob", "bob", "alice", b, b, toA, 1, 4, "");
    Proxy proxy = new Proxy(toA, a, toB, b);
    proxy.start();
    Process alice = start("alice");
    Process bob = start("bob");
    Path pa = dir.resolve("psk/alice/bob.key");
    Path pb = dir.resolve("psk/bob/alice.key");
    boolean delivered = waitFor(() -> proxy.delivered.get(), Duration.ofSeconds(120));
    proxy.honest.set(true);
    long t = System.nanoTime();
    boolean converged = waitFor(() -> Files.exists(pa) && Files.exists(pb) && same(pa, pb)
        && Files.readString(dir.resolve("alice.log")).lastIndexOf("result=installed")
        > proxy.logMarkAlice, Duration.ofSeconds(8));
    long ms = (System.nanoTime() - t) / 1_000_000;
    Thread.sleep(8_000);
    boolean stillEqual = same(pa, pb);
    stop(alice);
    stop(bob);
    String logs = Files.readString(dir.resolve("alice.log")) + Files.readString(dir.resolve("bob.log"));
    row("held confirm delivered to bob just before bob's own", delivered);
    row("equal PSKs within two periods (8 s) of the proxy turning honest", converged + " (" + ms
        + " ms)");
    row("still equal two periods later", stillEqual);
    row("chain_reset events", count(logs, "event=chain_reset"));
  }

  /**
   * {@code connections} half-open connections to bob (half a request line and headers, then
   * nothing; reopened when the server closes them) for {@code seconds}, while alice and bob
   * rotate every 3 s; then bob's threads and RSS against their idle level.
   */
  static void slowloris(int connections, int seconds) throws Exception {
    int b = freePort();
    Process[] pair = pair(b);
    Process alice = pair[0];
    Process bob = pair[1];
    Path pa = dir.resolve("psk/alice/bob.key");
    Path pb = dir.resolve("psk/bob/alice.key");
    Thread.sleep(5_000);
    int idleThreads = threads(bob.pid());
    java.util.Map<String, Long> idleNames = threadNames(bob.pid());
    long idleRss = rssKib(bob.pid());
    int installsBefore = count(Files.readString(dir.resolve("alice.log")), "result=installed");
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
      peakThreads = Math.max(peakThreads, threads(bob.pid()));
      Thread.sleep(1_000);
    }
    int installsDuring = count(Files.readString(dir.resolve("alice.log")), "result=installed")
        - installsBefore;
    boolean equalDuring = same(pa, pb);
    for (Socket s : open) {
      s.close();
    }
    Thread.sleep(65_000); // past the server pools' 60 s idle timeout
    int afterThreads = threads(bob.pid());
    java.util.Map<String, Long> afterNames = threadNames(bob.pid());
    long afterRss = rssKib(bob.pid());
    stop(alice);
    stop(bob);
    row("half-open connections held / opened in all", connections + " / " + reopened);
    row("rotations completed during the " + seconds + " s (period 3 s)", installsDuring);
    row("pair equal at the end of the attack", equalDuring);
    row("bob's threads: idle / peak / 65 s after", idleThreads + " / " + peakThreads + " / "
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
    row("thread kinds that changed", diff.length() == 0 ? "none" : diff.toString());
    row("bob's RSS: idle / 65 s after", idleRss / 1024 + " / " + afterRss / 1024 + " MiB");
  }

  /**
   * {@code requests} signed-looking v2 requests to bob, each with a distinct sender name of
   * {@code bytes} bytes; then bob's heap after a full GC against before, and the refusal lines.
   */
  static void senders(int requests, int bytes) throws Exception {
    int b = freePort();
    Process[] pair = pair(b);
    Process alice = pair[0];
    Process bob = pair[1];
    Path pa = dir.resolve("psk/alice/bob.key");
    Path pb = dir.resolve("psk/bob/alice.key");
    long heapBefore = heapAfterGc(bob.pid());
    int linesBefore = Files.readAllLines(dir.resolve("bob.log")).size();
    int installsBefore = count(Files.readString(dir.resolve("alice.log")), "result=installed");
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
    long heapAfter = heapAfterGc(bob.pid());
    List<String> lines = Files.readAllLines(dir.resolve("bob.log"));
    long refusals = lines.subList(linesBefore, lines.size()).stream()
        .filter(l -> l.contains("v2_refused") || l.contains("refus")).count();
    Thread.sleep(4_000);
    int installsDuring = count(Files.readString(dir.resolve("alice.log")), "result=installed")
        - installsBefore;
    stop(alice);
    stop(bob);
    row("requests with distinct " + bytes + "-byte senders (answered)", requests + " ("
        + answered + ") in " + String.format("%.1f s", seconds));
    row("bob's heap after a full GC: before / after", heapBefore / 1024 + " / " + heapAfter / 1024
        + " KiB (" + (heapAfter - heapBefore) / 1024 + " KiB)");
    row("refusal log lines written during the run", refusals);
    row("rotations during and 4 s after the run", installsDuring);
  }

  /** alice and bob (bob on {@code b}), period 3 s, once they agree on their first PSK. */
  static Process[] pair(int b) throws Exception {
    int a = freePort();
    config("alice", "alice", "bob", a, a, b, 1, 3, "");
    config("bob", "bob", "alice", b, b, a, 1, 3, "");
    Process alice = start("alice");
    Process bob = start("bob");
    Path pa = dir.resolve("psk/alice/bob.key");
    Path pb = dir.resolve("psk/bob/alice.key");
    waitFor(() -> Files.exists(pa) && Files.exists(pb) && same(pa, pb), Duration.ofSeconds(30));
    return new Process[] {alice, bob};
  }

  /** Live threads by name with digits removed, through jcmd. */
  static java.util.Map<String, Long> threadNames(long pid) throws Exception {
    Process p = new ProcessBuilder("jcmd", Long.toString(pid), "Thread.print").start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\"([^\"]*)\"").matcher(text);
    while (m.find()) {
      out.merge(m.group(1).replaceAll("\\d+", "N"), 1L, Long::sum);
    }
    return out;
  }

  /** Used heap in bytes after a full GC, through jcmd. */
  static long heapAfterGc(long pid) throws Exception {
    Process gc = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").start();
    gc.getInputStream().readAllBytes();
    gc.waitFor();
    Process info = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").start();
    String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    info.waitFor();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(text);
    return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
  }

  /** Forwards HTTP/1.1 requests, one per connection, and applies the attack script. */
  static final class Proxy {
    final int[][] routes;
    final AtomicBoolean honest = new AtomicBoolean();
    final AtomicBoolean delivered = new AtomicBoolean();
    final AtomicReference<byte[]> held = new AtomicReference<>();
    volatile int logMarkAlice;
    final int bobPort;

    Proxy(int toA, int a, int toB, int b) {
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
            logMarkAlice = (int) Files.size(dir.resolve("alice.log"));
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
  }

  // ------------------------------------------------------------------ helpers

  static void daemon(Runnable r) {
    Thread t = new Thread(r);
    t.setDaemon(true);
    t.start();
  }

  /** One node's config: n v2 peer tables, hybrid on the embedded fake QKD in link mode. */
  static void config(String file, String me, String other, int port, int kmePort, int peerPort,
      int n, int period, String extraTop) throws IOException {
    config(file, me, other, port, kmePort, peerPort, n, period, extraTop, "");
  }

  static void config(String file, String me, String other, int port, int kmePort, int peerPort,
      int n, int period, String extraTop, String extraPeer) throws IOException {
    String otherFile = file.equals("hub") ? "cp" : file.equals("cp") ? "hub" : other;
    List<String> lines = new ArrayList<>(List.of(extraTop,
        "key_rotation_seconds = " + period,
        "key_folder = \"" + dir.resolve("psk/" + file) + "\"",
        extraTop.contains("state_dir") ? "" : "state_dir = \"" + dir.resolve("state/" + file) + "\"",
        "ukms_bind = \"127.0.0.1\"",
        "ukms_port = " + port,
        "enable_fake_qkd_api = true",
        "fake_qkd_link_secret_file = \"" + dir.resolve("link.secret") + "\"",
        // One simulated link serves every pair: enough keys for 1,000 pairs every 10 s.
        "fake_qkd_rate = 1000000",
        "fake_qkd_max_keys = 100000"));
    for (int i = 0; i < n; i++) {
      String peer = n == 1 ? other : other + String.format("%04d", i);
      String self = n == 1 ? me : me + String.format("%04d", i);
      lines.addAll(List.of("[peers." + peer + "]",
          "auth_key_file = \"" + dir.resolve("pair.key") + "\"",
          "etsi_url = \"http://127.0.0.1:" + kmePort + "\"",
          "ukms_url = \"http://127.0.0.1:" + peerPort + "\"",
          "alias = \"" + peer + "\"",
          "source_KME_ID = \"" + self + "\"",
          "master_SAE_ID = \"" + file + "\"",
          "slave_SAE_ID = \"" + otherFile + "\"", extraPeer));
    }
    Files.writeString(dir.resolve(file + ".toml"), String.join("\n", lines) + "\n");
  }

  /**
   * {@code ukms run} through the packaged launcher (packaging/deb/ukms: its JVM flags and its
   * class-data sharing archive, kept under the bench folder) on the jar of this checkout.
   */
  static Process start(String file) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("sh",
        Path.of("packaging/deb/ukms").toAbsolutePath().toString(), "run", "--config",
        dir.resolve(file + ".toml").toString()).directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(file + ".log").toFile()));
    pb.environment().put("UKMS_JAR", JAR.toString());
    pb.environment().put("HOME", dir.toString());
    return pb.start();
  }

  static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
    }
  }

  static int equalPairs(String fa, String a, String fb, String b, int n) throws IOException {
    int equal = 0;
    for (int i = 0; i < n; i++) {
      Path x = dir.resolve("psk/" + fa + "/" + b + String.format("%04d", i) + ".key");
      Path y = dir.resolve("psk/" + fb + "/" + a + String.format("%04d", i) + ".key");
      if (Files.exists(x) && Files.exists(y) && same(x, y)) {
        equal++;
      }
    }
    return equal;
  }

  static List<String> snapshot(int n) throws IOException {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path x = dir.resolve("psk/hub/c" + String.format("%04d", i) + ".key");
      out.add(Files.exists(x) ? Files.readString(x) : "");
    }
    return out;
  }

  static boolean rotatedSince(List<String> before, int n) throws IOException {
    List<String> now = snapshot(n);
    for (int i = 0; i < n; i++) {
      if (now.get(i).equals(before.get(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean waitEqual(int n, Duration limit) throws Exception {
    return waitFor(() -> equalPairs("hub", "h", "cp", "c", n) == n, limit);
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static boolean waitFor(Check check, Duration limit) throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      try {
        if (check.ok()) {
          return true;
        }
      } catch (IOException e) {
        // a file mid-replacement: look again
      }
      Thread.sleep(20);
    }
    return false;
  }

  static boolean same(Path x, Path y) throws IOException {
    return java.util.Arrays.equals(Files.readAllBytes(x), Files.readAllBytes(y));
  }

  static long cpuTicks(long pid) throws IOException {
    String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  static long rssKib(long pid) throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  static int threads(long pid) throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (l.startsWith("Threads:")) {
        return Integer.parseInt(l.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed");
    }
  }

  static void row(String what, Object value) {
    System.out.println("| " + what + " | " + value + " |");
  }

  static String b64(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
