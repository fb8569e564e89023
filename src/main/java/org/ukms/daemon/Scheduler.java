package org.ukms.daemon;

import java.time.Instant;

/**
 * Runs tasks at instants of the injected clock. Implementations dispatch only: a task runs on a
 * worker, never on the timer thread, so it may block (with timeouts).
 */
public interface Scheduler extends AutoCloseable {
  Cancellable schedule(Instant at, Runnable task);

  /** Stops running tasks; tasks already running finish on their own. */
  @Override
  void close();

  /** A scheduled task that has not run yet can be cancelled. */
  interface Cancellable {
    void cancel();
  }
}
