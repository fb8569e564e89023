package org.ukms.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Fault injection (S-26): added latency before each answer, a share of requests answered 503
 * without touching the store, and a share whose answer is lost: the store serves the request
 * (keys are consumed) and the connection closes without a response. Expired or wrong-CA server
 * certificates are injected by configuring such a certificate.
 */
public record Faults(Duration latency, double unavailableRatio, double dropRatio,
    RandomGenerator random, Sleeper sleeper) {
  public static final Faults NONE =
      new Faults(Duration.ZERO, 0, 0, RandomGenerator.getDefault(), Sleeper.REAL);

  public Faults {
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(sleeper, "sleeper");
    if (latency.isNegative() || unavailableRatio < 0 || unavailableRatio > 1 || dropRatio < 0
        || dropRatio > 1) {
      throw new IllegalArgumentException("latency >= 0 and ratios in [0, 1]");
    }
  }

  boolean unavailable() {
    return unavailableRatio > 0 && random.nextDouble() < unavailableRatio;
  }

  boolean drop() {
    return dropRatio > 0 && random.nextDouble() < dropRatio;
  }

  void delay() throws InterruptedException {
    if (!latency.isZero()) {
      sleeper.sleep(latency);
    }
  }

  /** How latency is spent; tests record it instead of waiting. */
  public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
  }
}
