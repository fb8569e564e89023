package org.ukms.http;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
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
   * A pool that starts threads on demand up to {@code max}, names them {@code name-N}, ends them
   * after {@code idle}, and refuses work beyond {@code max} instead of queueing it.
   */
  public static ThreadPoolExecutor onDemandPool(String name, int max, Duration idle) {
    return new ThreadPoolExecutor(0, max, idle.toMillis(), TimeUnit.MILLISECONDS,
        new SynchronousQueue<>(), named(name));
  }

  /**
   * The pool of {@link Workers}: up to {@code threads} threads, started one per task until there
   * are that many and ended after {@link #WORKER_IDLE}, then a queue of {@code queue}; beyond
   * that, {@code execute} throws RejectedExecutionException.
   */
  static ThreadPoolExecutor bounded(Workers workers) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(workers.threads(), workers.threads(),
        WORKER_IDLE.toMillis(), TimeUnit.MILLISECONDS,
        workers.queue() == 0 ? new SynchronousQueue<>()
            : new ArrayBlockingQueue<>(workers.queue()), named(workers.name()));
    pool.allowCoreThreadTimeOut(true);
    return pool;
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
