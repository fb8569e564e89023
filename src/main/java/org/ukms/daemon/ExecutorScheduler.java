package org.ukms.daemon;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link Scheduler}: one timer thread that only hands due tasks to the worker
 * executor, so a blocked task never delays another's start.
 */
final class ExecutorScheduler implements Scheduler {
  private static final System.Logger logger = System.getLogger(ExecutorScheduler.class.getName());

  private final InstantSource clock;
  private final ScheduledExecutorService timer;
  private final ExecutorService workers;

  ExecutorScheduler(InstantSource clock, ExecutorService workers) {
    this.clock = clock;
    this.workers = workers;
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "ukms-timer");
      thread.setDaemon(true);
      return thread;
    });
    t.setRemoveOnCancelPolicy(true);
    this.timer = t;
  }

  @Override
  public Cancellable schedule(Instant at, Runnable task) {
    long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
    ScheduledFuture<?> future = timer.schedule(() -> dispatch(task), delay, TimeUnit.MILLISECONDS);
    return () -> future.cancel(false);
  }

  private void dispatch(Runnable task) {
    try {
      workers.execute(task);
    } catch (RejectedExecutionException e) {
      if (!workers.isShutdown()) {
        logger.log(System.Logger.Level.ERROR, "worker pool full; retrying the task in 1 s");
        timer.schedule(() -> dispatch(task), 1, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
