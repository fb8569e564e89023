package org.ukms.core;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the nominal delay starts at {@link #INITIAL} and doubles after
 * each failure up to {@link #CAP}; the actual delay is drawn uniformly from the upper half of the
 * nominal one, so that peers that failed together do not retry together. A rejection (a request
 * the other side refused as wrong, not as busy) goes straight to the cap: retrying it quickly
 * cannot help.
 */
public final class Backoff {
  public static final Duration INITIAL = Duration.ofMillis(500);
  public static final Duration CAP = Duration.ofSeconds(30);

  private final RandomGenerator random;
  private final Duration cap;
  private int failures;

  public Backoff(RandomGenerator random) {
    this(random, CAP);
  }

  /** As above, never waiting longer than {@code cap} (at most {@link #CAP}). */
  public Backoff(RandomGenerator random, Duration cap) {
    this.random = random;
    this.cap = cap.compareTo(CAP) < 0 ? cap : CAP;
    if (this.cap.compareTo(INITIAL) < 0) {
      throw new IllegalArgumentException("cap must be at least " + INITIAL);
    }
  }

  /** The delay before the next attempt after one more failure. */
  public Duration next(Failure failure) {
    failures++;
    Duration nominal = failure == Failure.REJECTED ? cap : nominal(failures);
    nominal = nominal.compareTo(cap) > 0 ? cap : nominal;
    long millis = nominal.toMillis();
    long half = millis / 2;
    return Duration.ofMillis(half + random.nextLong(millis - half + 1));
  }

  public void reset() {
    failures = 0;
  }

  public int failures() {
    return failures;
  }

  static Duration nominal(int failures) {
    int doublings = Math.min(failures - 1, 16);
    Duration d = INITIAL.multipliedBy(1L << doublings);
    return d.compareTo(CAP) > 0 ? CAP : d;
  }

  /** How an attempt failed, as far as retrying is concerned. */
  public enum Failure {
    /** Unreachable, timed out, busy (503): retry soon, then less often. */
    TRANSIENT,
    /** Refused as wrong (400, 401, 404): retry only at the cap. */
    REJECTED
  }
}
