import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The `ukms run` processes of a run and their files, all in one folder: configs, start and stop,
 * a ready pair, free ports, and waiting for a condition on the files.
 */
final class Nodes {
  static final Path JAR = Path.of("target/ukms.jar").toAbsolutePath();
  final Path dir;

  Nodes(Path dir) {
    this.dir = dir;
  }

  /** One node's config: n v2 peer tables, hybrid on the embedded fake QKD in link mode. */
  void config(String file, String me, String other, int port, int kmePort, int peerPort,
      int n, int period, String extraTop) throws IOException {
    config(file, me, other, port, kmePort, peerPort, n, period, extraTop, "");
  }

  void config(String file, String me, String other, int port, int kmePort, int peerPort,
      int n, int period, String extraTop, String extraPeer) throws IOException {
    String otherFile = file.equals("hub") ? "cp" : file.equals("cp") ? "hub" : other;
    List<String> lines = new ArrayList<>(List.of(extraTop,
        "key_rotation_seconds = " + period,
        "key_folder = \"" + dir.resolve("psk/" + file) + "\"",
        extraTop.contains("state_dir") ? ""
            : "state_dir = \"" + dir.resolve("state/" + file) + "\"",
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
  Process start(String file) throws IOException {
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

  /** alice and bob (bob on {@code b}), period 3 s, once they agree on their first PSK. */
  Process[] pair(int b) throws Exception {
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

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
