package org.ukms.http;

import java.time.Duration;

/**
 * Counts calls that are running, so whoever stops them can wait until the last one ended: the
 * requests a server handed to its handlers (close waits for them), or a peer session's round and
 * peer requests (a reload waits before a new session for the same peer reads the state file).
 */
public final class InFlight {
  private int running;
  private Runnable whenIdle;

  public synchronized void enter() {
    running++;
  }

  public synchronized void exit() {
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

  /** Runs {@code call} counted: entered before, exited after, whatever it throws. */
  public <T> T during(java.util.function.Supplier<T> call) {
    enter();
    try {
      return call.get();
    } finally {
      exit();
    }
  }

  /** Runs {@code task} now if nothing runs, else once the last running call ends. */
  public synchronized void whenIdle(Runnable task) {
    if (running == 0) {
      task.run();
    } else {
      whenIdle = task;
    }
  }

  /** Waits until nothing runs or {@code timeout} passed; true when nothing runs. */
  public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
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
