package org.ukms.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;

/** The bounded worker pool: idle threads first, then new ones, then the queue, then refusal. */
class PoolsTest {
  @Test
  void sequentialTasks_reuseOneIdleThread_insteadOfStartingNewOnes() throws Exception {
    ThreadPoolExecutor pool = Pools.bounded(new Workers("t", 16, 64));
    try {
      for (int i = 0; i < 50; i++) {
        Future<?> f = pool.submit(() -> { });
        f.get();
        awaitIdle(pool);
      }
      assertEquals(1, pool.getPoolSize(), "one thread served them all");
      assertEquals(1, pool.getLargestPoolSize());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void busyThreads_startNewOnesUpToTheMax_thenQueue_thenRefuse() throws Exception {
    ThreadPoolExecutor pool = Pools.bounded(new Workers("t", 2, 1));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(2);
    try {
      for (int i = 0; i < 2; i++) {
        pool.execute(() -> {
          started.countDown();
          await(release);
        });
      }
      started.await();
      pool.execute(() -> { }); // queued
      assertEquals(2, pool.getPoolSize());
      assertEquals(1, pool.getQueue().size());
      assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> { }));
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  private static void awaitIdle(ThreadPoolExecutor pool) {
    while (pool.getActiveCount() > 0) {
      Thread.onSpinWait();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
