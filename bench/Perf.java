import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ukms.crypto.Fingerprint;
import org.ukms.sink.PskFile;

/**
 * Issue 13's figures P1, P2, P3 and P5, each with real {@code ukms} processes on loopback started
 * with the JVM flags of the packaged launcher (packaging/deb/ukms). Each prints one table row:
 * {@code | # | figure | measured | goal | pass/fail |}. bench/run.sh runs them all (and P4 through
 * HostileBench). From the repository root, after {@code mvn -q -DskipTests package}:
 *
 * <pre>
 *   java -cp target/ukms.jar bench/Perf.java p1 [ROTATIONS]   # rotation window, v2, period 1 s
 *   java -cp target/ukms.jar bench/Perf.java p2 [SECONDS]     # v1 /rotate, 8 connections
 *   java -cp target/ukms.jar bench/Perf.java p3 [SECONDS]     # ukms kme enc_keys, both modes
 *   java -cp target/ukms.jar bench/Perf.java p5               # start-up and idle RSS, 3 peers
 * </pre>
 *
 * Work files go to a folder under /var/tmp (ext4 here, not tmpfs), removed at the end.
 */
public class Perf {
  static final Path JAR = Path.of("target/ukms.jar").toAbsolutePath();
  static Path dir;
  static final List<Process> started = Collections.synchronizedList(new ArrayList<>());

  public static void main(String[] args) throws Exception {
    dir = Files.createTempDirectory(Path.of("/var/tmp"), "ukms-perf");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(Process::destroy)));
    try {
      switch (args[0]) {
        case "p1" -> p1(args.length > 1 ? Integer.parseInt(args[1]) : 100);
        case "p2" -> p2(args.length > 1 ? Integer.parseInt(args[1]) : 10);
        case "p3" -> p3(args.length > 1 ? Integer.parseInt(args[1]) : 10);
        case "p5" -> p5();
        default -> throw new IllegalArgumentException("p1, p2, p3 or p5");
      }
    } finally {
      for (Process p : started) {
        p.destroy();
        p.waitFor(10, TimeUnit.SECONDS);
      }
      run("rm", "-rf", dir.toString());
    }
  }

  /** P1: two v2 nodes, period 1 s; inotify timestamps each file's new PSK; window = the gap. */
  static void p1(int rotations) throws Exception {
    Files.writeString(dir.resolve("pair.key"), b64(32));
    Files.writeString(dir.resolve("link.secret"), b64(32));
    int pa = freePort();
    int pb = freePort();
    node("a", "b", pa, pb, 1, "");
    node("b", "a", pb, pa, 1, "");
    Path fa = dir.resolve("psk/a/b.key");
    Path fb = dir.resolve("psk/b/a.key");
    Files.createDirectories(fa.getParent());
    Files.createDirectories(fb.getParent());
    WatchService watch = FileSystems.getDefault().newWatchService();
    WatchKey ka = fa.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY);
    fb.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY);
    start("a");
    start("b");
    Map<String, Object[]> firstSeen = new HashMap<>(); // PSK text -> {side, when it showed}
    List<Double> windows = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(rotations * 3L + 60);
    while (windows.size() < rotations && System.nanoTime() < deadline) {
      WatchKey key = watch.poll(1, TimeUnit.SECONDS);
      if (key == null) {
        continue;
      }
      long now = System.nanoTime();
      Path file = key == ka ? fa : fb;
      for (WatchEvent<?> e : key.pollEvents()) {
        if (!file.getFileName().equals(e.context())) {
          continue; // the temporary file
        }
        String psk = read(file);
        Object[] seen = firstSeen.get(psk);
        if (seen == null) {
          firstSeen.put(psk, new Object[] {file, now});
        } else if (seen[0] != file) {
          windows.add((now - (long) seen[1]) / 1e6);
          firstSeen.remove(psk);
        }
      }
      key.reset();
    }
    Collections.sort(windows);
    double p50 = pct(windows, 50);
    double p99 = pct(windows, 99);
    row("P1", "rotation window p50 / p99 (" + windows.size() + " rotations, v2 hybrid, "
        + fsType(fa.getParent()) + ")", String.format("%.1f / %.1f ms", p50, p99),
        "<= 5 / <= 20 ms", windows.size() >= rotations && p50 <= 5 && p99 <= 20);
  }

  /** P2: two v1 nodes; 8 connections post /rotate to node a; then the file must hold the last. */
  static void p2(int seconds) throws Exception {
    int pa = freePort();
    int pb = freePort();
    v1Node("a", "b", pa, pb);
    v1Node("b", "a", pb, pa);
    Process a = start("a");
    start("b");
    waitFor(() -> Files.exists(dir.resolve("psk/a/b.key"))
        && Files.exists(dir.resolve("psk/b/a.key")));
    String out = load(pa, seconds, "/api/v1/peer/b/rotate");
    // One more /rotate after the load: its PSK is the newest, so the file must hold it.
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), pa)) {
      s.getOutputStream().write(("GET /api/v1/peer/b/rotate HTTP/1.1\r\nHost: x\r\n"
          + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      s.getInputStream().readAllBytes();
    }
    Thread.sleep(500); // let the last log line flush
    Matcher m = Pattern.compile("psk_fingerprint=(\\S+)")
        .matcher(Files.readString(dir.resolve("a.log")));
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    String inFile = Fingerprint.of(new PskFile(dir.resolve("psk/a"), "b").load().orElseThrow());
    boolean latest = inFile.equals(last);
    double rps = rps(out);
    boolean all200 = out.matches("(?s).*statuses \\{200=\\d+\\}.*");
    row("P2", "v1 /rotate on a paired node, 8 connections, " + seconds + " s", String.format(
        "%,.0f/s; %s; file holds the newest PSK: %s", rps, all200 ? "all 200" : statuses(out),
        latest ? "yes" : "no"), ">= 5,000/s, all 200, latest", rps >= 5000 && all200 && latest);
    a.destroy();
  }

  /** P3: ukms kme in ukms and link mode; 8 connections GET enc_keys. */
  static void p3(int seconds) throws Exception {
    Files.writeString(dir.resolve("link.secret"), b64(32));
    for (String mode : new String[] {"ukms", "link"}) {
      int port = freePort();
      List<String> cmd = new ArrayList<>(List.of("kme", "--listen", "127.0.0.1:" + port,
          "--kme-id", "A", "--sae-id", "alice", "--peer-sae", "bob", "--mode", mode));
      if (mode.equals("link")) {
        cmd.addAll(List.of("--link-secret-file", dir.resolve("link.secret").toString(),
            "--rate", "100000000", "--max-keys", "1000000"));
      }
      Process kme = spawn(mode, cmd);
      waitFor(() -> accepts(port));
      double rps = rps(load(port, seconds, "/api/v1/keys/bob/enc_keys"));
      row("P3", "simulated KME enc_keys, " + mode + " mode, 8 connections",
          String.format("%,.0f/s", rps), ">= 20,000/s", rps >= 20000);
      kme.destroy();
      kme.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** P5: a node with 3 peers: exec until its port accepts; RSS after 30 s idle. */
  static void p5() throws Exception {
    Files.writeString(dir.resolve("pair.key"), b64(32));
    Files.writeString(dir.resolve("link.secret"), b64(32));
    int port = freePort();
    node("a", "b", port, freePort(), 3, ""); // the peers are absent: rounds fail and back off
    // A first start and stop records the launcher's class-data sharing archive, as the first
    // start of an installed package does; the measured start is the second.
    Process first = start("a");
    while (!accepts(port)) {
      Thread.onSpinWait();
    }
    first.destroy();
    first.waitFor();
    long t0 = System.nanoTime();
    Process a = start("a");
    while (!accepts(port)) {
      Thread.onSpinWait();
      if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(30)) {
        throw new IOException("port never opened; see " + dir.resolve("a.log"));
      }
    }
    double startup = (System.nanoTime() - t0) / 1e9;
    Thread.sleep(30_000);
    long rss = rssKib(a.pid()) / 1024;
    row("P5", "3 peers: exec to port accepting; RSS after 30 s idle",
        String.format("%.2f s; %d MiB", startup, rss), "<= 0.5 s; <= 64 MiB",
        startup <= 0.5 && rss <= 64);
  }

  // ------------------------------------------------------------------ helpers

  /** A v2 node (HostileBench's layout): n peers named other0000.. (or other, when n is 1). */
  static void node(String me, String other, int port, int peerPort, int n, String extra)
      throws IOException {
    List<String> lines = new ArrayList<>(List.of(extra, "key_rotation_seconds = 1",
        "key_folder = \"" + dir.resolve("psk/" + me) + "\"",
        "state_dir = \"" + dir.resolve("state/" + me) + "\"",
        "ukms_bind = \"127.0.0.1\"", "ukms_port = " + port, "enable_fake_qkd_api = true",
        "fake_qkd_link_secret_file = \"" + dir.resolve("link.secret") + "\"",
        "fake_qkd_rate = 1000000", "fake_qkd_max_keys = 100000"));
    for (int i = 0; i < n; i++) {
      String peer = n == 1 ? other : other + String.format("%04d", i);
      lines.addAll(List.of("[peers." + peer + "]",
          "auth_key_file = \"" + dir.resolve("pair.key") + "\"",
          "etsi_url = \"http://127.0.0.1:" + port + "\"",
          "ukms_url = \"http://127.0.0.1:" + peerPort + "\"", "alias = \"" + peer + "\"",
          "source_KME_ID = \"" + me + "\"", "master_SAE_ID = \"" + me + "\"",
          "slave_SAE_ID = \"" + other + "\""));
    }
    Files.writeString(dir.resolve(me + ".toml"), String.join("\n", lines) + "\n");
    Files.setPosixFilePermissions(dir.resolve("pair.key"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(dir.resolve("link.secret"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }

  static void v1Node(String me, String other, int port, int peerPort) throws IOException {
    Files.writeString(dir.resolve(me + ".toml"), String.join("\n", List.of(
        "key_rotation_seconds = 3600", "key_folder = \"" + dir.resolve("psk/" + me) + "\"",
        "state_dir = \"" + dir.resolve("state/" + me) + "\"", "ukms_bind = \"127.0.0.1\"",
        "ukms_port = " + port, "enable_fake_qkd_api = true", "[peers." + other + "]",
        "etsi_url = \"http://127.0.0.1:" + port + "\"",
        "ukms_url = \"http://127.0.0.1:" + peerPort + "\"", "alias = \"" + other + "\"",
        "source_KME_ID = \"" + me + "\"", "slave_SAE_ID = \"" + other + "\"",
        "protocol = \"ukms-v1\"")) + "\n");
  }

  static Process start(String name) throws IOException {
    return spawn(name, List.of("run", "--config", dir.resolve(name + ".toml").toString()));
  }

  /**
   * {@code ukms ARGS} through the packaged launcher (packaging/deb/ukms: its JVM flags and its
   * class-data sharing archive, kept under the bench folder) on this checkout's jar; output to
   * NAME.log.
   */
  static Process spawn(String name, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("sh",
        Path.of("packaging/deb/ukms").toAbsolutePath().toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().put("UKMS_JAR", JAR.toString());
    pb.environment().put("HOME", dir.toString());
    Process p = pb.start();
    started.add(p);
    return p;
  }

  static String load(int port, int seconds, String path) throws Exception {
    Process p = new ProcessBuilder("java", "bench/HttpLoad.java", Integer.toString(port), "8",
        Integer.toString(seconds), "GET", path).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }

  static double rps(String loadOutput) {
    Matcher m = Pattern.compile("rps=(\\d+)").matcher(loadOutput);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  static String statuses(String loadOutput) {
    Matcher m = Pattern.compile("statuses (\\{[^}]*\\})").matcher(loadOutput);
    return m.find() ? m.group(1) : "no answers";
  }

  static double pct(List<Double> sorted, int p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  static String fsType(Path folder) throws IOException {
    return Files.getFileStore(folder).type();
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void waitFor(Check check) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!check.ok()) {
      if (System.nanoTime() > end) {
        throw new IOException("timed out; logs in " + dir);
      }
      Thread.sleep(50);
    }
  }

  static long rssKib(long pid) throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  static void row(String id, String figure, String measured, String goal, boolean pass) {
    System.out.println("| " + id + " | " + figure + " | " + measured + " | " + goal + " | "
        + (pass ? "pass" : "FAIL") + " |");
  }

  static void run(String... cmd) throws Exception {
    new ProcessBuilder(cmd).inheritIO().start().waitFor();
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
