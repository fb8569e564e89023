package org.ukms.daemon;

import java.time.Instant;

/**
 * A timer whose due time a pure core owns: re-armed only when that time moves, so a timer once
 * armed fires after its delay whatever the wall clock does meanwhile. Not thread-safe: its
 * session calls it under its own lock.
 */
final class CoreTimer {
  private final Scheduler scheduler;
  private Instant at;
  private Scheduler.Cancellable armed;

  CoreTimer(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** Runs {@code task} at {@code due}, unless it is already armed for exactly that time. */
  void at(Instant due, Runnable task) {
    if (due.equals(at)) {
      return;
    }
    cancel();
    at = due;
    armed = scheduler.schedule(due, task);
  }

  /** It fired: the core's next due time is scheduled anew, even if it is the same. */
  void fired() {
    at = null;
  }

  void cancel() {
    if (armed != null) {
      armed.cancel();
    }
  }
}
