package org.ukms.daemon;

import java.time.Duration;

/**
 * Counts the calls running in a peer session (its own round, the peer's requests), so a reload
 * can wait until a closed session has finished its last write before a new session for the same
 * peer reads the state file.
 */
final class InFlight {
  private int running;
  private Runnable whenIdle;

  synchronized void enter() {
    running++;
  }

  synchronized void exit() {
    running--;
    if (running == 0) {
      notifyAll();
      if (whenIdle != null) {
        Runnable task = whenIdle;
        whenIdle = null;
        task.run();
      }
    }
  }

  /** Runs {@code task} now if nothing runs, else once the last running call ends. */
  synchronized void whenIdle(Runnable task) {
    if (running == 0) {
      task.run();
    } else {
      whenIdle = task;
    }
  }

  /** Waits until nothing runs or {@code timeout} passed; true when nothing runs. */
  synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (running > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
