package org.ukms.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void nominal_startsAtHalfASecondDoublesAndCapsAt30s() {
    assertEquals(Duration.ofMillis(500), Backoff.nominal(1));
    assertEquals(Duration.ofMillis(1000), Backoff.nominal(2));
    assertEquals(Duration.ofMillis(16000), Backoff.nominal(6));
    assertEquals(Duration.ofSeconds(30), Backoff.nominal(7));
    assertEquals(Duration.ofSeconds(30), Backoff.nominal(1000));
  }

  @Test
  void next_transient_isJitteredWithinTheUpperHalfOfNominal() {
    for (long seed = 0; seed < 200; seed++) {
      Backoff backoff = new Backoff(new SplittableRandom(seed));
      for (int failure = 1; failure <= 10; failure++) {
        long d = backoff.next(Backoff.Failure.TRANSIENT).toMillis();
        long nominal = Backoff.nominal(failure).toMillis();
        assertTrue(d >= nominal / 2 && d <= nominal, failure + ": " + d);
      }
    }
  }

  @Test
  void next_jitter_spreadsPeersThatFailedTogether() {
    long a = new Backoff(new SplittableRandom(1)).next(Backoff.Failure.TRANSIENT).toMillis();
    long b = new Backoff(new SplittableRandom(2)).next(Backoff.Failure.TRANSIENT).toMillis();

    assertTrue(a != b);
  }

  @Test
  void next_rejected_goesStraightToTheCapRange() {
    Backoff backoff = new Backoff(new SplittableRandom(3));

    long d = backoff.next(Backoff.Failure.REJECTED).toMillis();

    assertTrue(d >= 15000 && d <= 30000, "" + d);
  }

  @Test
  void reset_startsOverAtHalfASecond() {
    Backoff backoff = new Backoff(new SplittableRandom(4));
    for (int i = 0; i < 8; i++) {
      backoff.next(Backoff.Failure.TRANSIENT);
    }
    backoff.reset();

    assertTrue(backoff.next(Backoff.Failure.TRANSIENT).toMillis() <= 500);
    assertEquals(1, backoff.failures());
  }
}
