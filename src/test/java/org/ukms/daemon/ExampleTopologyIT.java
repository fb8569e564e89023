package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.ConfigLoader;
import org.ukms.config.UkmsConfig;
import org.ukms.sim.UkmsDerivation;
import org.ukms.testing.ExampleConfigs;
import org.ukms.testing.LogCapture;
import org.ukms.testing.ManualClock;
import org.ukms.testing.ManualScheduler;

/**
 * alice, bob and carol from {@code example/} as three in-process daemons on loopback, with real
 * HTTP between them and a manual clock: every pair must hold equal PSKs after every period.
 */
class ExampleTopologyIT {
  private static final Pattern KEY_ID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final List<Daemon> daemons = new ArrayList<>();

  @AfterEach
  void stop() {
    daemons.forEach(Daemon::close);
  }

  @Test
  void exampleTopology_everyPairHoldsEqualPsksEveryPeriod_andLogsNoKeyMaterial() throws Exception {
    Map<String, Path> files = ExampleConfigs.copyTo(dir);
    Environment env = new Environment(clock, new SplittableRandom(5), UUID::randomUUID, dir,
        workers -> scheduler);
    List<String> seenPsks = new ArrayList<>();
    try (LogCapture logs = new LogCapture()) {
      for (String node : ExampleConfigs.NODES) {
        UkmsConfig config = ConfigLoader.load(files.get(node), dir);
        daemons.add(Daemon.start(config, env));
      }

      scheduler.runDue();
      seenPsks.addAll(assertPairsEqual());
      for (int period = 1; period <= 3; period++) {
        scheduler.advance(Duration.ofSeconds(10));
        List<String> psks = assertPairsEqual();
        assertNotEquals(seenPsks.get(seenPsks.size() - 2), psks.get(0), "alice-bob rotated");
        assertNotEquals(seenPsks.get(seenPsks.size() - 1), psks.get(1), "bob-carol rotated");
        seenPsks.addAll(psks);
      }

      assertTrue(daemons.get(1).stats().of("alice").installs() >= 4);
      assertEquals(0, daemons.get(1).stats().of("alice").failures());
      assertNoKeyMaterial(logs.lines, seenPsks);
      assertTrue(logs.lines.stream().anyMatch(l -> l.contains("result=installed")));
    }
  }

  @Test
  void exampleTopology_ukmsV1FileNames_writeWhereUkmsWrites() throws Exception {
    Map<String, Path> files = ExampleConfigs.copyTo(dir);
    Environment env = new Environment(clock, new SplittableRandom(6), UUID::randomUUID, dir,
        workers -> scheduler);
    for (String node : ExampleConfigs.NODES) {
      Files.writeString(files.get(node),
          "psk_file_names = \"ukms-v1\"\n" + Files.readString(files.get(node)));
      daemons.add(Daemon.start(ConfigLoader.load(files.get(node), dir), env));
    }

    scheduler.runDue();

    Path bob = dir.resolve("psk/alice/wg2-bob.key");
    assertEquals(Files.readString(bob), Files.readString(dir.resolve("psk/bob/wg2-alice.key")));
    assertEquals(32, Base64.getDecoder().decode(Files.readString(bob).strip()).length);
    assertFalse(Files.exists(ExampleConfigs.psk(dir, "alice", "bob")), "no <alias>.key");
  }

  private List<String> assertPairsEqual() throws Exception {
    String aliceBob = read("alice", "bob");
    String carolBob = read("carol", "bob");
    assertEquals(aliceBob, read("bob", "alice"), "alice and bob agree");
    assertEquals(carolBob, read("bob", "carol"), "carol and bob agree");
    assertNotEquals(aliceBob, carolBob);
    return List.of(aliceBob, carolBob);
  }

  private String read(String node, String peer) throws Exception {
    Path file = ExampleConfigs.psk(dir, node, peer);
    assertEquals("rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String text = Files.readString(file);
    assertEquals(32, Base64.getDecoder().decode(text.strip()).length);
    return text.strip();
  }

  /** C-17 and S-29: no PSK and no KME key (derivable here from logged key_IDs) in any line. */
  private static void assertNoKeyMaterial(List<String> lines, List<String> psks) {
    Set<String> secrets = new HashSet<>(psks);
    for (String line : lines) {
      Matcher m = KEY_ID.matcher(line);
      while (m.find()) {
        secrets.add(UkmsDerivation.key(m.group()));
      }
    }
    assertTrue(secrets.size() > psks.size(), "key_IDs were logged, so keys were checked");
    for (String line : lines) {
      for (String secret : secrets) {
        assertFalse(line.contains(secret), "key material in log line: " + line);
        assertFalse(line.contains(secret.substring(0, 20)), "key prefix in log line: " + line);
      }
    }
  }
}
