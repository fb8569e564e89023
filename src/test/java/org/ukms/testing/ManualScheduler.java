package org.ukms.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.ukms.daemon.Scheduler;

/**
 * A {@link Scheduler} driven by the test: tasks run on the calling thread, in time order, only
 * when {@link #runDue()} or {@link #advanceTo} is called. Thread-safe, because tasks running on
 * the test thread make HTTP calls whose handlers schedule more tasks from server threads.
 */
public final class ManualScheduler implements Scheduler {
  private final ManualClock clock;
  private final List<Task> tasks = new ArrayList<>();
  private long sequence;
  private boolean closed;

  public ManualScheduler(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Cancellable schedule(Instant at, Runnable task) {
    Task t = new Task(at, sequence++, task);
    if (!closed) {
      tasks.add(t);
    }
    return () -> {
      synchronized (this) {
        tasks.remove(t);
      }
    };
  }

  /** Runs every task due now, including tasks they schedule for now; returns how many ran. */
  public int runDue() {
    int ran = 0;
    Optional<Task> next;
    while ((next = takeDue()).isPresent()) {
      next.get().task.run();
      ran++;
    }
    return ran;
  }

  /** Moves the clock forward in steps to each due task until {@code by} has passed. */
  public int advance(Duration by) {
    Instant end = clock.instant().plus(by);
    int ran = runDue();
    while (true) {
      Instant nextAt;
      synchronized (this) {
        nextAt = tasks.stream().map(t -> t.at).min(Comparator.naturalOrder()).orElse(null);
      }
      if (nextAt == null || nextAt.isAfter(end)) {
        break;
      }
      if (nextAt.isAfter(clock.instant())) {
        clock.advance(Duration.between(clock.instant(), nextAt));
      }
      ran += runDue();
    }
    if (end.isAfter(clock.instant())) {
      clock.advance(Duration.between(clock.instant(), end));
    }
    return ran;
  }

  public synchronized int pending() {
    return tasks.size();
  }

  /** When the earliest pending task is due, if any. */
  public synchronized Optional<Instant> nextDue() {
    return tasks.stream().map(t -> t.at).min(Comparator.naturalOrder());
  }

  private synchronized Optional<Task> takeDue() {
    Instant now = clock.instant();
    Optional<Task> due = tasks.stream().filter(t -> !t.at.isAfter(now))
        .min(Comparator.comparing((Task t) -> t.at).thenComparingLong(t -> t.seq));
    due.ifPresent(tasks::remove);
    return due;
  }

  @Override
  public synchronized void close() {
    closed = true;
    tasks.clear();
  }

  /**
   * A view for one daemon of several sharing this scheduler: its tasks run here, and closing it
   * cancels only its own tasks.
   */
  public Scheduler view() {
    List<Cancellable> own = new ArrayList<>();
    return new Scheduler() {
      private boolean viewClosed;

      @Override
      public Cancellable schedule(Instant at, Runnable task) {
        synchronized (own) {
          if (viewClosed) {
            return () -> { };
          }
          Cancellable c = ManualScheduler.this.schedule(at, task);
          own.add(c);
          return c;
        }
      }

      @Override
      public void close() {
        synchronized (own) {
          viewClosed = true;
          own.forEach(Cancellable::cancel);
          own.clear();
        }
      }
    };
  }

  private record Task(Instant at, long seq, Runnable task) {}
}
