package org.ukms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.ConfigLoader;
import org.ukms.daemon.AuthKeys;
import org.ukms.daemon.Daemon;
import org.ukms.daemon.Environment;
import org.ukms.testing.FakeWg;
import org.ukms.testing.FreePorts;
import org.ukms.testing.ManualClock;
import org.ukms.testing.ManualScheduler;

/**
 * Issue 12's acceptance with two in-process daemons (manual clock, real HTTP, recording wg):
 * {@code ukms status --json} shows the pair with equal fingerprints on disk and in WireGuard;
 * {@code /metrics} read with curl passes {@code promtool check metrics} and its rotation counter
 * moves with each rotation; {@code /health} turns unready once the peer has been gone for longer
 * than the PSK lifetime. alice's admin endpoint is the default Unix socket, bob's a TCP port.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.ukms.testing.RestoreLogging.class)
class OperationsIT {
  private static final Duration PERIOD = Duration.ofSeconds(30);
  private static final Duration LIFETIME = Duration.ofSeconds(120);
  private static final String ALICE_PUB = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
  private static final String BOB_PUB = "HIgo9xNzJMWLKASShiTqIybxZ0U3wGLiUeJ1PKf8ykw=";
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final List<Daemon> daemons = new ArrayList<>();
  private final Map<String, Integer> ports = Map.of("alice", FreePorts.next(),
      "bob", FreePorts.next(), "bob-admin", FreePorts.next());

  @AfterEach
  void stop() {
    daemons.forEach(Daemon::close);
  }

  void write(String me, String peer, String peerPub, String extraTop) throws Exception {
    Files.writeString(dir.resolve(me + ".toml"), String.join("\n", extraTop,
        "key_rotation_seconds = " + PERIOD.toSeconds(),
        "key_folder = \"" + dir.resolve("psk/" + me) + "\"",
        "state_dir = \"" + dir.resolve("state/" + me) + "\"",
        "ukms_bind = \"127.0.0.1\"",
        "ukms_port = " + ports.get(me),
        "[peers." + peer + "]",
        "mode = \"pqc\"",
        "psk_lifetime_seconds = " + LIFETIME.toSeconds(),
        "auth_key_file = \"" + dir.resolve("pair.key") + "\"",
        "ukms_url = \"http://127.0.0.1:" + ports.get(peer) + "\"",
        "alias = \"" + peer + "\"",
        "source_KME_ID = \"" + me + "\"",
        "slave_SAE_ID = \"" + peer + "\"",
        "[peers." + peer + ".wireguard]",
        "interface = \"wg-" + me + "\"",
        "public_key = \"" + peerPub + "\"", ""));
  }

  Daemon start(String node, FakeWg wg) throws Exception {
    Environment env = new Environment(clock, new SplittableRandom(node.hashCode()),
        UUID::randomUUID, dir, workers -> scheduler.view(), wg.program.toString());
    Daemon d = Daemon.start(ConfigLoader.load(dir.resolve(node + ".toml"), dir), env);
    daemons.add(d);
    return d;
  }

  /** {@code ukms status ARGS --config NODE.toml}: exit code and standard output. */
  Map.Entry<Integer, String> status(String node, FakeWg wg, String... args) {
    StringWriter out = new StringWriter();
    picocli.CommandLine cli = UkmsCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    List<String> all = new ArrayList<>(List.of("status"));
    all.addAll(List.of(args));
    all.addAll(List.of("--config", dir.resolve(node + ".toml").toString()));
    // The command resolves relative paths against the working folder: the configs are absolute.
    return Map.entry(cli.execute(all.toArray(String[]::new)), out.toString());
  }

  static String curl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-s", "--max-time", "10"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String body = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), body);
    return body;
  }

  static void promtool(String metrics) throws Exception {
    Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true)
        .start();
    p.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
  }

  static long rotations(String metrics, String peer) {
    Matcher m = Pattern.compile("(?m)^ukms_rotations_total\\{peer=\"" + peer
        + "\",result=\"ok\"} ([0-9.eE+]+)$").matcher(metrics);
    assertTrue(m.find(), metrics);
    return (long) Double.parseDouble(m.group(1));
  }

  @Test
  void statusMetricsAndHealth_onTwoDaemons() throws Exception {
    assumeTrue(new ProcessBuilder("sh", "-c", "command -v curl && command -v promtool")
        .start().waitFor() == 0, "curl or promtool is not installed");
    AuthKeys.generate(dir.resolve("pair.key"), new SecureRandom());
    write("alice", "bob", BOB_PUB, "");
    write("bob", "alice", ALICE_PUB, "admin_listen = \"127.0.0.1:" + ports.get("bob-admin")
        + "\"");
    FakeWg aliceWg = new FakeWg(dir.resolve("wg-alice"));
    FakeWg bobWg = new FakeWg(dir.resolve("wg-bob"));
    start("alice", aliceWg);
    Daemon bob = start("bob", bobWg);
    scheduler.runDue();

    JsonNode a = new ObjectMapper().readTree(status("alice", aliceWg, "--json").getValue());
    Map.Entry<Integer, String> bobStatus = status("bob", bobWg, "--json");
    JsonNode b = new ObjectMapper().readTree(bobStatus.getValue());
    assertEquals(0, bobStatus.getKey(), bobStatus.getValue());
    JsonNode ap = a.get("peers").get(0);
    JsonNode bp = b.get("peers").get(0);
    assertEquals("bob", ap.get("peer").asText());
    assertNotNull(ap.get("fingerprint_on_disk").textValue(), ap.toString());
    assertEquals(ap.get("fingerprint_on_disk"), ap.get("fingerprint_in_wireguard"));
    assertEquals(ap.get("fingerprint_on_disk"), bp.get("fingerprint_on_disk"), "the pair agrees");
    assertEquals(bp.get("fingerprint_on_disk"), bp.get("fingerprint_in_wireguard"));
    assertTrue(ap.get("match").asBoolean());
    assertEquals(ap.get("epoch"), bp.get("epoch"));

    String socket = dir.resolve("state/alice/admin.sock").toString();
    String before = curl("--unix-socket", socket, "http://localhost/metrics");
    promtool(before);
    scheduler.advance(PERIOD.multipliedBy(2));
    String after = curl("http://127.0.0.1:" + ports.get("bob-admin") + "/metrics");
    promtool(after);
    String afterAlice = curl("--unix-socket", socket, "http://localhost/metrics");
    assertTrue(rotations(afterAlice, "bob") >= rotations(before, "bob") + 2,
        "alice's counter moved with each of the two rotations");
    assertEquals(rotations(afterAlice, "bob"), rotations(after, "alice"), "bob counted as many");
    assertEquals("ready\n", curl("--unix-socket", socket, "http://localhost/health"));

    bob.close();
    daemons.remove(bob);
    scheduler.advance(LIFETIME.plus(PERIOD));

    String health = curl("-w", "\n%{http_code}", "--unix-socket", socket,
        "http://localhost/health");
    assertTrue(health.endsWith("\n503"), health);
    assertTrue(health.contains("bob"), health);
    Map.Entry<Integer, String> unhealthy = status("alice", aliceWg);
    assertEquals(1, unhealthy.getKey(), unhealthy.getValue());
    assertFalse(unhealthy.getValue().isEmpty());
  }
}
