package org.ukms.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.ukms.admin.AdminFixtures.peer;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.AdminListen;
import org.ukms.daemon.RotationStats;

/**
 * The admin endpoint on a real Unix socket and a real loopback port, with curl as the client and
 * promtool (Debian's {@code prometheus} package) judging {@code /metrics}.
 */
class AdminServerIT {
  @TempDir Path dir;
  private AdminFixtures f;

  @BeforeEach
  void setUp() throws Exception {
    f = new AdminFixtures(dir);
    f.statuses.add(peer("bob", Duration.ofSeconds(90), null, false));
  }

  private record Run(int exit, String out) {}

  private static Run run(List<String> command, String stdin) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "finished: " + command);
    return new Run(p.exitValue(), out);
  }

  /** curl's status code and body for {@code url}, with extra arguments before it. */
  private static Run curl(List<String> before, String url) throws Exception {
    List<String> c = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "-w",
        "\n%{http_code}"));
    c.addAll(before);
    c.add(url);
    Run r = run(c, null);
    int cut = r.out().lastIndexOf('\n');
    return new Run(Integer.parseInt(r.out().substring(cut + 1).strip()),
        r.out().substring(0, cut));
  }

  private static boolean onPath(String program) {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(folder.isEmpty() ? "." : folder, program))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void unixSocket_curlGetsHealthAndStatus_socketOwnerOnly_removedOnClose() throws Exception {
    assumeTrue(onPath("curl"), "curl is not installed: skipped (.ci/run installs it)");
    Path socket = dir.resolve("run/admin.sock");
    AdminListen listen = new AdminListen(socket, null, -1);
    try (AdminServer admin = AdminServer.start(listen, f.source())) {
      assertEquals(listen, admin.address());
      assertEquals("rwx------", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(socket.getParent())), "a folder it made is 0700");
      assertEquals("rw-------", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(socket)));
      List<String> unix = List.of("--unix-socket", socket.toString());

      Run health = curl(unix, "http://localhost/health");
      Run status = curl(unix, "http://localhost/status");
      Run post = curl(List.of("--unix-socket", socket.toString(), "-X", "POST", "-i"),
          "http://localhost/health");

      assertEquals(new Run(200, "ready\n"), health);
      assertEquals(200, status.exit());
      assertTrue(status.out().contains("\"peer\" : \"bob\""), status.out());
      assertEquals(405, post.exit());
      assertTrue(post.out().contains("Allow: GET"), post.out());
      f.clock.advance(Duration.ofMinutes(9));
      assertEquals(new Run(503, "bob: PSK is 630 s old, older than its lifetime of 600 s\n"),
          curl(unix, "http://localhost/health"));
    }
    assertFalse(Files.exists(socket), "the socket file is removed on close");
  }

  @Test
  void unixSocket_staleFileFromADeadDaemon_isReplaced_aLiveOneRefused() throws Exception {
    Path socket = dir.resolve("admin.sock");
    AdminListen listen = new AdminListen(socket, null, -1);
    try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      other.bind(UnixDomainSocketAddress.of(socket));
      IOException e = assertThrows(IOException.class, () -> AdminServer.start(listen,
          f.source()));
      assertEquals("admin endpoint: cannot listen on unix:" + socket + ": another process "
          + "already listens on " + socket + " (a second ukms with the same state_dir?)",
          e.getMessage());
    }
    assertTrue(Files.exists(socket), "closing a JDK server socket leaves its file: stale now");
    try (AdminServer admin = AdminServer.start(listen, f.source())) {
      assertEquals(200, AdminClient.get(admin.address(), "/health/live").status());
    }
  }

  @Test
  void closeThenStartAgain_onTheSameRegistry_servesTheGaugesOnce() throws Exception {
    AdminListen tcp = new AdminListen(null, "127.0.0.1", 0);
    AdminServer.start(tcp, f.source()).close();

    try (AdminServer again = AdminServer.start(tcp, f.source())) {
      String text = AdminClient.get(again.address(), "/metrics").body();

      assertEquals(1, text.split("\nukms_psk_age_seconds\\{peer=\"bob\"}", -1).length - 1,
          text);
    }
  }

  @Test
  void tcp_curlScrapesMetrics_promtoolAcceptsThem_rotationCounterMoves() throws Exception {
    assumeTrue(onPath("curl"), "curl is not installed: skipped (.ci/run installs it)");
    assumeTrue(onPath("promtool"), "promtool is not installed: skipped (Debian package "
        + "prometheus; .ci/run installs it)");
    try (AdminServer admin = AdminServer.start(new AdminListen(null, "127.0.0.1", 0),
        f.source())) {
      String url = "http://" + admin.address() + "/metrics";
      f.stats.count("bob", RotationStats.Event.ROTATION_OK);

      Run first = curl(List.of(), url);
      f.stats.count("bob", RotationStats.Event.ROTATION_OK);
      Run second = curl(List.of(), url);
      Run lint = run(List.of("promtool", "check", "metrics"), second.out());

      assertEquals(200, second.exit());
      assertTrue(first.out().contains("ukms_rotations_total{peer=\"bob\",result=\"ok\"} 1.0\n"),
          first.out());
      assertTrue(second.out().contains("ukms_rotations_total{peer=\"bob\",result=\"ok\"} 2.0\n"),
          second.out());
      assertTrue(second.out().contains("\njvm_memory_used_bytes{"), "JVM metrics");
      assertTrue(second.out().contains("\nprocess_cpu_seconds_total "), "process metrics");
      assertEquals(new Run(0, ""), lint, "promtool check metrics");
    }
  }
}
