package org.ukms.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Counts requests handed to handlers and not yet answered, so close() waits for them. */
final class InFlight {
  private int running;

  synchronized void enter() {
    running++;
  }

  synchronized void exit() {
    running--;
    if (running == 0) {
      notifyAll();
    }
  }

  /** Waits until none is running, or {@code limit} has passed. */
  synchronized void awaitIdle(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    long left;
    while (running > 0 && (left = deadline - System.nanoTime()) > 0) {
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
