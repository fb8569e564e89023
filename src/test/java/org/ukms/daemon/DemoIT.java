package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.testing.ManualClock;
import org.ukms.testing.ManualScheduler;

/**
 * {@code ukms demo}'s engine on a manual clock: three daemons whose embedded fake KMEs are linked
 * ends sharing one fresh secret (link mode), rotating until every pair has rotated three times.
 */
class DemoIT {
  @TempDir Path root;

  @Test
  void demo_linkMode_everyPairRotatesAndAgrees() throws Exception {
    org.ukms.testing.ExampleConfigs.copyTo(root);
    rotateThreeTimes();
  }

  /** What {@code ukms demo} runs outside a checkout (the installed package). */
  @Test
  void demo_bundledExample_everyPairRotatesAndAgrees() throws Exception {
    Demo.unpackExample(root);

    for (String name : Demo.EXAMPLE_FILES) {
      assertEquals(Files.readString(Path.of("example", name)),
          Files.readString(root.resolve("example").resolve(name)), name);
    }
    rotateThreeTimes();
  }

  /** {@code ukms demo --key-source etsi004}: an ETSI 004 mock key manager per node. */
  @Test
  void demo_onEtsi004KeyManagers_everyPairRotatesAndAgrees() throws Exception {
    org.ukms.testing.ExampleConfigs.copyTo(root);
    ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    ManualScheduler scheduler = new ManualScheduler(clock);
    Environment env = new Environment(clock, new SplittableRandom(3), UUID::randomUUID, root,
        workers -> scheduler);

    try (Demo demo = Demo.start(root, Duration.ofSeconds(3), env, true)) {
      scheduler.runDue();
      for (int i = 0; i < 3; i++) {
        scheduler.advance(Duration.ofSeconds(3));
      }
      demo.drain();

      for (Demo.PairState pair : demo.pairs()) {
        assertTrue(pair.rotations() >= 3, pair.toString());
        assertTrue(pair.agree(), pair.toString());
      }
      assertTrue(demo.filesAgree());
    }
  }

  private void rotateThreeTimes() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    ManualScheduler scheduler = new ManualScheduler(clock);
    Environment env = new Environment(clock, new SplittableRandom(3), UUID::randomUUID, root,
        workers -> scheduler);

    try (Demo demo = Demo.start(root, Duration.ofSeconds(3), env)) {
      scheduler.runDue();
      for (int i = 0; i < 3; i++) {
        scheduler.advance(Duration.ofSeconds(3));
      }
      demo.drain();

      for (Demo.PairState pair : demo.pairs()) {
        assertTrue(pair.rotations() >= 3, pair.toString());
        assertTrue(pair.agree(), pair.toString());
        assertTrue(pair.remoteKeyId().value().matches("[0-9a-f-]{36}"));
      }
      assertEquals(2, demo.pairs().size());
      assertTrue(demo.filesAgree());
      assertEquals("rw-------", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(root.resolve("target/demo/link.secret"))));
      assertEquals(root.resolve("psk/alice/bob.key"), demo.pskFile("alice", "bob"));
    }
  }
}
