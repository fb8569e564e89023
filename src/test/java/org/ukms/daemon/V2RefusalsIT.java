package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.ConfigLoader;
import org.ukms.testing.FreePorts;
import org.ukms.testing.LogCapture;
import org.ukms.testing.ManualClock;
import org.ukms.testing.ManualScheduler;

/**
 * Two in-process daemons over real HTTP whose configurations disagree: the initiator's log line
 * names what the responder objected to and which setting to fix, instead of a bare status.
 */
class V2RefusalsIT {
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final List<Daemon> daemons = new ArrayList<>();
  private int portA;
  private int portB;

  @BeforeEach
  void keys() throws Exception {
    portA = FreePorts.next();
    portB = FreePorts.next();
    AuthKeys.generate(dir.resolve("pair.key"), new SecureRandom());
    Files.writeString(dir.resolve("link.secret"),
        Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'Q'));
    Files.setPosixFilePermissions(dir.resolve("link.secret"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }

  @AfterEach
  void stop() {
    daemons.forEach(Daemon::close);
  }

  /** A node {@code me} (known to the peer as {@code source}) with table {@code peer}. */
  void write(String node, String source, String peer, int mine, int theirs, String mode)
      throws Exception {
    boolean kme = !mode.equals("pqc");
    Files.writeString(dir.resolve(node + ".toml"), String.join("\n",
        "key_rotation_seconds = 30",
        "key_folder = \"psk/" + node + "\"",
        "state_dir = \"state/" + node + "\"",
        "ukms_bind = \"127.0.0.1\"",
        "ukms_port = " + mine,
        kme ? "enable_fake_qkd_api = true\nfake_qkd_link_secret_file = \"link.secret\"" : "",
        "[peers." + peer + "]",
        "auth_key_file = \"pair.key\"",
        "mode = \"" + mode + "\"",
        kme ? "etsi_url = \"http://127.0.0.1:" + mine + "\"" : "",
        "ukms_url = \"http://127.0.0.1:" + theirs + "\"",
        "alias = \"" + peer + "\"",
        "source_KME_ID = \"" + source + "\"",
        "master_SAE_ID = \"" + source + "\"",
        "slave_SAE_ID = \"" + peer + "\"", ""));
  }

  void start(String node) throws Exception {
    Environment env = new Environment(clock, new SplittableRandom(node.hashCode()),
        UUID::randomUUID, dir, workers -> scheduler.view());
    daemons.add(Daemon.start(ConfigLoader.load(dir.resolve(node + ".toml"), dir), env));
  }

  /** Starts both nodes, lets the first rounds run, and returns the log. */
  List<String> firstRounds() throws Exception {
    try (LogCapture logs = new LogCapture()) {
      start("alice");
      start("bob");
      scheduler.runDue();
      scheduler.advance(Duration.ofSeconds(1));
      return List.copyOf(logs.lines);
    }
  }

  static void assertLogged(List<String> lines, String... parts) {
    assertTrue(lines.stream().anyMatch(l -> List.of(parts).stream().allMatch(l::contains)),
        String.join("\n", lines));
  }

  @Test
  void modeMismatch_initiatorLogsTheRespondersReason() throws Exception {
    write("alice", "alice", "bob", portA, portB, "pqc");
    write("bob", "bob", "alice", portB, portA, "hybrid");

    assertLogged(firstRounds(), "peer=bob result=failed protocol=v2 step=offer",
        "refused: mode_mismatch: we run mode hybrid, the offer is pqc");
  }

  @Test
  void misaddressed_initiatorSaysWhoThePeerBelievesItIs() throws Exception {
    write("alice", "alice", "bobby", portA, portB, "pqc");
    write("bob", "bob", "alice", portB, portA, "pqc");

    assertLogged(firstRounds(), "peer=bobby result=failed protocol=v2 step=offer",
        "peer at http://127.0.0.1:" + portB + " believes it is bob, not bobby "
            + "(401 misaddressed): check source_KME_ID");
  }

  @Test
  void unknownPeer_initiatorNamesTheSourceKmeIdThePeerDoesNotKnow() throws Exception {
    write("alice", "alicia", "bob", portA, portB, "pqc");
    write("bob", "bob", "alice", portB, portA, "pqc");

    assertLogged(firstRounds(), "peer=bob result=failed protocol=v2 step=offer",
        "peer at http://127.0.0.1:" + portB + " has no v2 peer named alicia "
            + "(401 unknown_peer): check source_KME_ID in [peers.bob] here");
  }

  @Test
  void epochMismatch_initiatorLogsBothEpochsAndWhatItDoes() throws Exception {
    write("alice", "alice", "bob", portA, portB, "pqc");
    write("bob", "bob", "alice", portB, portA, "pqc");
    firstRounds();
    daemons.remove(1).close();
    Files.delete(dir.resolve("state/bob/alice.state"));

    try (LogCapture logs = new LogCapture()) {
      start("bob");
      // alice offers from epoch 1 before bob's own round runs; her first try may meet the
      // pooled connection to the bob that stopped, which fails and is dropped.
      for (int i = 0; i < 2 && logs.lines.stream().noneMatch(l -> l.contains("epoch_mismatch"));
          i++) {
        daemons.get(0).roundNow("bob");
      }

      assertLogged(logs.lines, "event=epoch_mismatch ours=1 theirs=0 action=");
    }
  }
}
