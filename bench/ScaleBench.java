import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ukms.config.ConfigLoader;
import org.ukms.config.UkmsConfig;
import org.ukms.daemon.Daemon;
import org.ukms.daemon.Environment;
import org.ukms.daemon.Logs;

/**
 * Scale harness: two daemons ("a" and "b") in one JVM, each with N peer tables pointing at the
 * other, the uKMS fake KME on each, real HTTP on loopback. Measures how long until all N pairs
 * hold equal PSK files, then how many rotations per second the pair sustains, and prints a table.
 *
 * Run from the repository root:
 *   mvn -q -DskipTests package
 *   java -cp target/ukms.jar bench/ScaleBench.java [N] [PERIOD_SECONDS] [MEASURE_SECONDS]
 */
public class ScaleBench {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int period = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int measure = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    Logs.install(System.err, false, java.util.logging.Level.SEVERE);
    Path dir = Files.createTempDirectory("ukms-bench");
    int portA = freePort();
    int portB = freePort();
    Path a = Files.writeString(dir.resolve("a.toml"), config("a", "b", portA, portB, n, period));
    Path b = Files.writeString(dir.resolve("b.toml"), config("b", "a", portB, portA, n, period));
    UkmsConfig ca = ConfigLoader.load(a, dir);
    UkmsConfig cb = ConfigLoader.load(b, dir);

    long t0 = System.nanoTime();
    try (Daemon da = Daemon.start(ca, Environment.system());
        Daemon db = Daemon.start(cb, Environment.system())) {
      long started = System.nanoTime();
      int equal = 0;
      while (equal < n && System.nanoTime() - started < Duration.ofMinutes(5).toNanos()) {
        Thread.sleep(100);
        equal = countEqual(dir, n);
      }
      double converge = (System.nanoTime() - started) / 1e9;
      int peakThreads = ManagementFactory.getThreadMXBean().getPeakThreadCount();
      long installs0 = installs(da, db, n);
      long failures0 = failures(da, db, n);
      Thread.sleep(measure * 1000L);
      long installs1 = installs(da, db, n);
      long failures1 = failures(da, db, n);
      int equalAtEnd = countEqual(dir, n);
      Runtime rt = Runtime.getRuntime();
      System.gc();
      long heapMb = (rt.totalMemory() - rt.freeMemory()) >> 20;

      System.out.println("| measure | value |");
      System.out.println("|---|---|");
      System.out.printf("| peers per daemon | %d |%n", n);
      System.out.printf("| rotation period | %d s |%n", period);
      System.out.printf("| start-up of both daemons | %.2f s |%n", (started - t0) / 1e9);
      System.out.printf("| time until all %d pairs equal | %.2f s (%d equal) |%n", n, converge, equal);
      System.out.printf("| installs/s in the next %d s (both daemons) | %.1f |%n", measure,
          (installs1 - installs0) / (double) measure);
      System.out.printf("| failed rounds in those %d s | %d |%n", measure, failures1 - failures0);
      System.out.printf("| pairs equal at the end (sampled) | %d of %d |%n", equalAtEnd, n);
      System.out.printf("| peak JVM threads | %d |%n", peakThreads);
      System.out.printf("| heap after GC | %d MiB |%n", heapMb);
    }
  }

  static long installs(Daemon da, Daemon db, int n) {
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += da.stats().of(id("b", i)).installs() + db.stats().of(id("a", i)).installs();
    }
    return sum;
  }

  static long failures(Daemon da, Daemon db, int n) {
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += da.stats().of(id("b", i)).failures() + db.stats().of(id("a", i)).failures();
    }
    return sum;
  }

  static int countEqual(Path dir, int n) throws Exception {
    int equal = 0;
    for (int i = 0; i < n; i++) {
      Path x = dir.resolve("psk/a/" + id("b", i) + ".key");
      Path y = dir.resolve("psk/b/" + id("a", i) + ".key");
      if (Files.exists(x) && Files.exists(y) && Files.readString(x).equals(Files.readString(y))) {
        equal++;
      }
    }
    return equal;
  }

  static String id(String side, int i) {
    return String.format("%s%04d", side, i);
  }

  static String config(String me, String other, int myPort, int otherPort, int n, int period) {
    List<String> lines = new ArrayList<>(List.of(
        "key_rotation_seconds = " + period,
        "key_folder = \"psk/" + me + "\"",
        "ukms_bind = \"127.0.0.1\"",
        "ukms_port = " + myPort,
        "enable_fake_qkd_api = true"));
    for (int i = 0; i < n; i++) {
      lines.add("[peers." + id(other, i) + "]");
      lines.add("etsi_url = \"http://127.0.0.1:" + myPort + "\"");
      lines.add("ukms_url = \"http://127.0.0.1:" + otherPort + "\"");
      lines.add("alias = \"" + id(other, i) + "\"");
      lines.add("source_KME_ID = \"" + id(me, i) + "\"");
      lines.add("slave_SAE_ID = \"" + id(other, i) + "\"");
      lines.add("protocol = \"ukms-v1\""); // v2, the default, would need an auth key per pair
    }
    return String.join("\n", lines) + "\n";
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
