package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.admin.AdminClient;
import org.ukms.config.ConfigLoader;
import org.ukms.qlink.KeyStream;
import org.ukms.testing.FreePorts;
import org.ukms.testing.LogCapture;
import org.ukms.testing.ManualClock;
import org.ukms.testing.ManualScheduler;

/**
 * Two daemons with {@code key_source = "etsi004"} on their embedded fake QKD APIs joined by a
 * BB84 link ({@code fake_qkd_link = "bb84"}): the ETSI 004 keys come from the link's key stream,
 * and both nodes hold equal, new PSKs through five rotations.
 */
class FakeQkd004Bb84DaemonIT {
  private static final Duration PERIOD = Duration.ofSeconds(30);
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final Map<String, Integer> ports = Map.of("alice", FreePorts.next(),
      "bob", FreePorts.next());
  private final Map<String, Integer> kmPorts = Map.of("alice", FreePorts.next(),
      "bob", FreePorts.next());
  private final int linkPort = FreePorts.next();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private void write(String me, String peer, String linkLine) throws Exception {
    List<String> top = new ArrayList<>(Etsi004Nodes.fakeQkd004(me, kmPorts.get(me)));
    top.addAll(List.of("fake_qkd_link = \"bb84\"", linkLine));
    Etsi004Nodes.write(dir, me, peer, ports, PERIOD, kmPorts.get(me), top, List.of());
  }

  private Daemon start(String node) throws Exception {
    Daemon d = Daemon.start(ConfigLoader.load(dir.resolve(node + ".toml"), dir),
        new Environment(clock, new SplittableRandom(node.hashCode()), UUID::randomUUID, dir,
            workers -> scheduler.view()));
    closing.add(0, d);
    return d;
  }

  private static KeyStream stream(Daemon d, String peerSae) throws Exception {
    return d.fakeKme.store().bb84Links().orElseThrow().awaitStream(peerSae, WAIT).orElseThrow();
  }

  private String psk(String node, String peer) throws Exception {
    return Files.readString(dir.resolve("psk/" + node + "/" + peer + ".key"),
        StandardCharsets.US_ASCII);
  }

  @Test
  void twoDaemonsOn004OverABb84Link_holdEqualPsksThroughFiveRotations() throws Exception {
    AuthKeys.generate(dir.resolve("pair.key"), new SecureRandom());
    Path secret = dir.resolve("link.secret");
    Files.writeString(secret, Base64.getEncoder().encodeToString(
        new SecureRandom().generateSeed(32)) + "\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    write("alice", "bob", "fake_qkd_link_listen = \"127.0.0.1:" + linkPort + "\"");
    write("bob", "alice", "fake_qkd_link_connect = [\"127.0.0.1:" + linkPort + "\"]");

    Set<String> psks = new HashSet<>();
    try (LogCapture logs = new LogCapture()) {
      Daemon alice = start("alice");
      Daemon bob = start("bob");
      // The link runs on real threads: let it deliver its first keys before the first round.
      assertTrue(stream(alice, "bob").await(1, 8, WAIT) && stream(bob, "alice").await(1, 8, WAIT));
      scheduler.runDue();
      assertTrue(Files.exists(dir.resolve("psk/alice/bob.key")), String.join("\n", logs.lines));
      for (int i = 0; i < 5; i++) {
        assertEquals(psk("alice", "bob"), psk("bob", "alice"), "rotation " + i);
        assertTrue(psks.add(psk("alice", "bob")), "rotation " + i + " repeated a PSK");
        scheduler.advance(PERIOD);
      }
      assertEquals(alice.epoch("bob"), bob.epoch("alice"));
      assertTrue(alice.epoch("bob") >= 5);
      assertFalse(logs.lines.stream().anyMatch(l -> l.contains("result=failed")),
          String.join("\n", logs.lines));
      assertTrue(stream(alice, "bob").status(1).delivered() > 0,
          "the keys came from the link's key stream");
      String metrics = AdminClient.get(ConfigLoader.load(dir.resolve("alice.toml"), dir)
          .adminListen(), "/metrics").body();
      assertTrue(Pattern.compile("(?m)^ukms_sim_bb84_blocks_total\\{peer_kme=\"[^\"]+\"} [1-9]")
          .matcher(metrics).find(), "the daemon's /metrics shows its embedded link:\n" + metrics);
      assertTrue(Pattern.compile("(?m)^ukms_sim_bb84_qber\\{peer_kme=\"[^\"]+\"} 0\\.0[0-9]")
          .matcher(metrics).find(), metrics);
      JsonNode link = new ObjectMapper().readTree(AdminClient.get(ConfigLoader.load(
          dir.resolve("bob.toml"), dir).adminListen(), "/status").body()).get("qkd_links").get(0);
      assertTrue(link.get("connected").asBoolean() && link.get("blocks").asLong() >= 1
          && link.get("qber").asDouble() < 0.11, "bob's /status shows the link: " + link);
    }
  }
}
