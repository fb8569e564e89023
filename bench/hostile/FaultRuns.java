import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A pair under faults: bob's state_dir on a full tmpfs, and the delayed confirm via a proxy. */
final class FaultRuns {
  private final Nodes nodes;
  private final Path dir;

  FaultRuns(Nodes nodes) {
    this.nodes = nodes;
    this.dir = nodes.dir;
  }

  /** bob's state on a 1 MiB tmpfs that is then filled: no ack, no install; then it converges. */
  void tmpfs() throws Exception {
    Path mount = dir.resolve("bobstate");
    Files.createDirectories(mount);
    run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", mount.toString());
    try {
      int a = Nodes.freePort();
      int b = Nodes.freePort();
      // A PSK lifetime beyond the full-disk phase, so that fail-closed stays out of the picture.
      nodes.config("alice", "alice", "bob", a, a, b, 1, 3, "", "psk_lifetime_seconds = 60");
      nodes.config("bob", "bob", "alice", b, b, a, 1, 3, "state_dir = \"" + mount + "\"",
          "psk_lifetime_seconds = 60");
      Process alice = nodes.start("alice");
      Process bob = nodes.start("bob");
      Path pa = dir.resolve("psk/alice/bob.key");
      Path pb = dir.resolve("psk/bob/alice.key");
      Nodes.waitFor(() -> Files.exists(pa) && Files.exists(pb) && Nodes.same(pa, pb),
          Duration.ofSeconds(30));
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
      boolean converged = Nodes.waitFor(
          () -> !Files.readString(pa).equals(fa) && Nodes.same(pa, pb), Duration.ofSeconds(6));
      long ms = (System.nanoTime() - t) / 1_000_000;
      Nodes.stop(alice);
      Nodes.stop(bob);
      String logs = Files.readString(dir.resolve("bob.log"));
      Report.row("10 s with bob's state_dir full: both PSK files and the state unchanged",
          unchanged);
      Report.row("the two PSK files while the disk was full", equalDuring);
      Report.row("temporary files left in the full folder", partial);
      Report.row("save failures logged by bob (naming the file)",
          Report.count(logs, "step=save_state"));
      Report.row("converged after space was freed (period 3 s)", converged + " in " + ms + " ms");
    } finally {
      run("umount", mount.toString());
    }
  }

  /**
   * The delayed-confirm attack through a proxy: hold alice's first confirm, drop every later
   * request of alice, and hand bob the held confirm just before bob's own; then turn honest.
   */
  void attack() throws Exception {
    int a = Nodes.freePort();
    int b = Nodes.freePort();
    int toA = Nodes.freePort();
    int toB = Nodes.freePort();
    // Each side reaches the other through the proxy.
    nodes.config("alice", "alice", "bob", a, a, toB, 1, 4, "");
    nodes.config("bob", "bob", "alice", b, b, toA, 1, 4, "");
    Proxy proxy = new Proxy(dir.resolve("alice.log"), toA, a, toB, b);
    proxy.start();
    Process alice = nodes.start("alice");
    Process bob = nodes.start("bob");
    Path pa = dir.resolve("psk/alice/bob.key");
    Path pb = dir.resolve("psk/bob/alice.key");
    boolean delivered = Nodes.waitFor(() -> proxy.delivered.get(), Duration.ofSeconds(120));
    proxy.honest.set(true);
    long t = System.nanoTime();
    boolean converged = Nodes.waitFor(() -> Files.exists(pa) && Files.exists(pb)
        && Nodes.same(pa, pb)
        && Files.readString(dir.resolve("alice.log")).lastIndexOf("result=installed")
        > proxy.logMarkAlice, Duration.ofSeconds(8));
    long ms = (System.nanoTime() - t) / 1_000_000;
    Thread.sleep(8_000);
    boolean stillEqual = Nodes.same(pa, pb);
    Nodes.stop(alice);
    Nodes.stop(bob);
    String logs = Files.readString(dir.resolve("alice.log"))
        + Files.readString(dir.resolve("bob.log"));
    Report.row("held confirm delivered to bob just before bob's own", delivered);
    Report.row("equal PSKs within two periods (8 s) of the proxy turning honest",
        converged + " (" + ms + " ms)");
    Report.row("still equal two periods later", stillEqual);
    Report.row("chain_reset events", Report.count(logs, "event=chain_reset"));
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed");
    }
  }
}
