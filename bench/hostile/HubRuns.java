import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The runs of one hub against one counterpart process with n peers: load, and kill -9. */
final class HubRuns {
  private final Nodes nodes;
  private final Path dir;

  HubRuns(Nodes nodes) {
    this.nodes = nodes;
    this.dir = nodes.dir;
  }

  /** A hub with n peers against one counterpart process (n virtual nodes), period 10 s. */
  void hub(int n, int seconds) throws Exception {
    int hubPort = Nodes.freePort();
    int cpPort = Nodes.freePort();
    nodes.config("hub", "h", "c", hubPort, hubPort, cpPort, n, 10, "");
    nodes.config("cp", "c", "h", cpPort, cpPort, hubPort, n, 10, "");
    Process hub = nodes.start("hub");
    Process cp = nodes.start("cp");
    long t0 = System.nanoTime();
    int worstEqual = n;
    int samples = 0;
    long cpu0 = ProcStats.cpuTicks(hub.pid());
    while (System.nanoTime() - t0 < Duration.ofSeconds(seconds).toNanos()) {
      Thread.sleep(10_000);
      if (System.nanoTime() - t0 > Duration.ofSeconds(30).toNanos()) {
        worstEqual = Math.min(worstEqual, equalPairs("hub", "h", "cp", "c", n));
        samples++;
      }
    }
    double cpu = (ProcStats.cpuTicks(hub.pid()) - cpu0) / 100.0
        / ((System.nanoTime() - t0) / 1e9);
    long rss = ProcStats.rssKib(hub.pid());
    int threads = ProcStats.threads(hub.pid());
    Nodes.stop(hub);
    Nodes.stop(cp);
    int equalEnd = equalPairs("hub", "h", "cp", "c", n);
    String logs = Files.readString(dir.resolve("hub.log"))
        + Files.readString(dir.resolve("cp.log"));
    Report.row("peers", n);
    Report.row("period / run", "10 s / " + seconds + " s");
    Report.row("pairs equal at the end (both stopped)", equalEnd + " of " + n);
    Report.row("worst sampled equal pairs after 30 s (" + samples + " samples)",
        worstEqual + " of " + n);
    Report.row("installs logged (both)", Report.count(logs, "result=installed"));
    Report.row("failed steps logged (both)", Report.count(logs, "result=failed"));
    Report.row("epoch_mismatch / chain_reset", Report.count(logs, "event=epoch_mismatch") + " / "
        + Report.count(logs, "event=chain_reset"));
    Report.row("fail-closed (stale) events", Report.count(logs, "result=stale"));
    Report.row("hub CPU (share of one core)", String.format("%.1f %%", 100 * cpu));
    Report.row("hub RSS at the end", rss / 1024 + " MiB");
    Report.row("hub threads at the end", threads);
  }

  /** A hub (10 peers, period 2 s) killed with SIGKILL at random moments; converge each time. */
  void kill9(int rounds) throws Exception {
    int n = 10;
    int period = 2;
    int hubPort = Nodes.freePort();
    int cpPort = Nodes.freePort();
    nodes.config("hub", "h", "c", hubPort, hubPort, cpPort, n, period, "");
    nodes.config("cp", "c", "h", cpPort, cpPort, hubPort, n, period, "");
    Process cp = nodes.start("cp");
    Process hub = nodes.start("hub");
    Random random = new Random(9);
    int converged = 0;
    long worstMs = 0;
    waitEqual(n, Duration.ofSeconds(30));
    for (int r = 0; r < rounds; r++) {
      Thread.sleep(random.nextInt(period * 1000));
      hub.destroyForcibly().waitFor();
      List<String> before = snapshot(n);
      hub = nodes.start("hub");
      long t = System.nanoTime();
      // Converged: every pair equal again, on a PSK rotated after the restart.
      if (Nodes.waitFor(() -> equalPairs("hub", "h", "cp", "c", n) == n && rotatedSince(before, n),
          Duration.ofSeconds(3L * period))) {
        converged++;
      }
      worstMs = Math.max(worstMs, (System.nanoTime() - t) / 1_000_000);
    }
    Nodes.stop(hub);
    Nodes.stop(cp);
    String logs = Files.readString(dir.resolve("hub.log"))
        + Files.readString(dir.resolve("cp.log"));
    Report.row("rounds of kill -9 (hub, 10 peers, period 2 s)", rounds);
    Report.row("converged within three periods (all 10 pairs rotated and equal)", converged + " of "
        + rounds);
    Report.row("slowest convergence after the restart", worstMs + " ms");
    Report.row("chain_reset events", Report.count(logs, "event=chain_reset"));
  }

  int equalPairs(String fa, String a, String fb, String b, int n) throws IOException {
    int equal = 0;
    for (int i = 0; i < n; i++) {
      Path x = dir.resolve("psk/" + fa + "/" + b + String.format("%04d", i) + ".key");
      Path y = dir.resolve("psk/" + fb + "/" + a + String.format("%04d", i) + ".key");
      if (Files.exists(x) && Files.exists(y) && Nodes.same(x, y)) {
        equal++;
      }
    }
    return equal;
  }

  List<String> snapshot(int n) throws IOException {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path x = dir.resolve("psk/hub/c" + String.format("%04d", i) + ".key");
      out.add(Files.exists(x) ? Files.readString(x) : "");
    }
    return out;
  }

  boolean rotatedSince(List<String> before, int n) throws IOException {
    List<String> now = snapshot(n);
    for (int i = 0; i < n; i++) {
      if (now.get(i).equals(before.get(i))) {
        return false;
      }
    }
    return true;
  }

  boolean waitEqual(int n, Duration limit) throws Exception {
    return Nodes.waitFor(() -> equalPairs("hub", "h", "cp", "c", n) == n, limit);
  }
}
