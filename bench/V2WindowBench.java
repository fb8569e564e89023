import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import org.ukms.config.ConfigLoader;
import org.ukms.daemon.AuthKeys;
import org.ukms.daemon.Daemon;
import org.ukms.daemon.Environment;
import org.ukms.daemon.Logs;

/**
 * How long the two PSK files of a v2 pair differ per rotation: two daemons in one JVM (pqc mode,
 * loopback, real clock and scheduler), both files polled in a tight loop; every stretch in which
 * they differ is one window. Prints a table.
 *
 *   mvn -q -DskipTests package
 *   java -cp target/ukms.jar bench/V2WindowBench.java [SECONDS] [PERIOD_SECONDS]
 */
public class V2WindowBench {
  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int period = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Logs.install(System.err, false, java.util.logging.Level.SEVERE);
    Path dir = Files.createTempDirectory("ukms-window");
    AuthKeys.generate(dir.resolve("k"), new SecureRandom());
    int pa = freePort();
    int pb = freePort();
    Files.writeString(dir.resolve("a.toml"), config("alice", "bob", pa, pb, period));
    Files.writeString(dir.resolve("b.toml"), config("bob", "alice", pb, pa, period));
    Path fa = dir.resolve("psk/alice/bob.key");
    Path fb = dir.resolve("psk/bob/alice.key");
    try (Daemon a = Daemon.start(ConfigLoader.load(dir.resolve("a.toml"), dir),
            Environment.system());
        Daemon b = Daemon.start(ConfigLoader.load(dir.resolve("b.toml"), dir),
            Environment.system())) {
      while (!Files.exists(fa) || !Files.exists(fb)) {
        Thread.sleep(10);
      }
      long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      long windows = 0;
      long samples = 0;
      long differing = 0;
      long longest = 0;
      long total = 0;
      long since = -1;
      while (System.nanoTime() < end) {
        byte[] x = Files.readAllBytes(fa);
        byte[] y = Files.readAllBytes(fb);
        long now = System.nanoTime();
        samples++;
        if (!Arrays.equals(x, y)) {
          differing++;
          if (since < 0) {
            since = now;
          }
        } else if (since >= 0) {
          long w = now - since;
          windows++;
          total += w;
          longest = Math.max(longest, w);
          since = -1;
        }
      }
      System.out.println("| measure | value |");
      System.out.println("|---|---|");
      System.out.printf("| run | %d s, period %d s, pqc mode (ML-KEM-1024), loopback |%n",
          seconds, period);
      System.out.printf("| rotations (epoch reached) | %d |%n", a.epoch("bob"));
      System.out.printf("| samples (both files read) | %d, %d differing |%n", samples, differing);
      System.out.printf("| windows in which the files differed | %d |%n", windows);
      System.out.printf("| longest window | %.2f ms |%n", longest / 1e6);
      System.out.printf("| mean window | %.2f ms |%n", windows == 0 ? 0 : total / 1e6 / windows);
    }
  }

  static String config(String me, String peer, int mine, int theirs, int period) {
    return String.join("\n", "key_rotation_seconds = " + period, "key_folder = \"psk/" + me + "\"",
        "state_dir = \"state/" + me + "\"", "ukms_bind = \"127.0.0.1\"", "ukms_port = " + mine,
        "[peers." + peer + "]", "protocol = \"v2\"", "auth_key_file = \"k\"", "mode = \"pqc\"",
        "ukms_url = \"http://127.0.0.1:" + theirs + "\"", "alias = \"" + peer + "\"",
        "source_KME_ID = \"" + me + "\"", "slave_SAE_ID = \"" + peer + "\"", "");
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
