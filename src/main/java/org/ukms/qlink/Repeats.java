package org.ukms.qlink;

import java.time.Duration;

/**
 * One loop's last warning: the same line again within {@link #EVERY} is not news (logged at
 * DEBUG instead), so a link refused at every retry warns once a minute, not once a retry.
 */
final class Repeats {
  static final Duration EVERY = Duration.ofMinutes(1);
  private String last;
  private long at;

  /** Whether {@code line} should be logged at WARNING now. */
  boolean fresh(String line) {
    long now = System.nanoTime();
    if (line.equals(last) && now - at < EVERY.toNanos()) {
      return false;
    }
    last = line;
    at = now;
    return true;
  }

  /** The next line is news whatever it says (a session got through). */
  void forget() {
    last = null;
  }
}
