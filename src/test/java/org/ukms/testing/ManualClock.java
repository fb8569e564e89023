package org.ukms.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A settable clock for tests: time moves only when the test says so. */
public final class ManualClock implements InstantSource {
  private Instant now;

  public ManualClock(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  public synchronized void advance(Duration by) {
    now = now.plus(by);
  }
}
