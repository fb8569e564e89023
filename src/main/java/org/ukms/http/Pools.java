package org.ukms.http;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread pools with named daemon threads, for the servers here and the daemon's workers. */
public final class Pools {
  /** How long an idle handler thread lives. */
  static final Duration WORKER_IDLE = Duration.ofSeconds(30);

  private Pools() {}

  /**
   * The pool of {@link Workers}: a task goes to an idle thread if there is one, else to a new
   * thread while there are fewer than {@code threads}, else to a queue of {@code queue}; beyond
   * that, {@code execute} throws RejectedExecutionException. Threads end after
   * {@link #WORKER_IDLE} idle, so after a burst the pool shrinks back to what the traffic needs.
   * (A plain {@code ThreadPoolExecutor} with core = max starts a new thread for every task until
   * it has {@code threads}, even with idle ones, so its size never settles.)
   */
  public static ThreadPoolExecutor bounded(Workers workers) {
    if (workers.queue() == 0) {
      return new ThreadPoolExecutor(0, workers.threads(), WORKER_IDLE.toMillis(),
          TimeUnit.MILLISECONDS, new SynchronousQueue<>(), named(workers.name()));
    }
    IdleFirstQueue queue = new IdleFirstQueue(workers.queue());
    ThreadPoolExecutor pool = new ThreadPoolExecutor(0, workers.threads(),
        WORKER_IDLE.toMillis(), TimeUnit.MILLISECONDS, queue, named(workers.name()),
        (task, executor) -> {
          if (!queue.enqueue(task)) {
            throw new RejectedExecutionException(workers.name() + ": every thread busy and "
                + workers.queue() + " requests queued");
          }
        });
    queue.pool = pool;
    return pool;
  }

  /**
   * Queues a task only when no thread is idle and no new one may start; otherwise it refuses
   * the offer, and the executor starts a thread (or, at the maximum, queues it through the
   * rejection handler).
   */
  static final class IdleFirstQueue extends LinkedBlockingQueue<Runnable> {
    private static final long serialVersionUID = 1L;
    transient ThreadPoolExecutor pool;

    IdleFirstQueue(int capacity) {
      super(capacity);
    }

    @Override
    public boolean offer(Runnable task) {
      int size = pool.getPoolSize();
      if (size < pool.getMaximumPoolSize() && pool.getActiveCount() >= size) {
        return false; // nobody idle: start a thread
      }
      return super.offer(task);
    }

    boolean enqueue(Runnable task) {
      return super.offer(task);
    }
  }

  static ThreadFactory named(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
