package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StartSpreadTest {
  @Test
  void firstDelay_fewPeers_startAtOnce() {
    assertEquals(Duration.ZERO, Daemon.firstDelay(new SplittableRandom(1), Duration.ofSeconds(120), 3));
    assertEquals(Duration.ZERO, Daemon.firstDelay(new SplittableRandom(1), Duration.ofSeconds(120), 16));
  }

  @Test
  void firstDelay_manyPeers_spreadOverTenMillisecondsEachAtMostOnePeriod() {
    SplittableRandom random = new SplittableRandom(2);
    long max = 0;
    for (int i = 0; i < 1000; i++) {
      long d = Daemon.firstDelay(random, Duration.ofSeconds(120), 1000).toMillis();
      assertTrue(d >= 0 && d <= 10_000, "" + d);
      max = Math.max(max, d);
    }
    assertTrue(max > 9_000, "uses the whole spread: " + max);
    for (int i = 0; i < 100; i++) {
      assertTrue(Daemon.firstDelay(random, Duration.ofSeconds(2), 1000).toMillis() <= 2_000);
    }
  }
}
