package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ukms.kme.DeliveredKey;
import org.ukms.testing.ManualClock;
import org.ukms.testing.SimHarness;

/**
 * Without a global lock, each pair's pool is still taken atomically: callers racing for one
 * pair's last keys get every key exactly once, and the other end can fetch each key_ID once.
 */
class SimulatedKmeConcurrencyTest {
  private static final int POOL = 400;
  private static final int CALLERS = 8;
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final SimSettings link = SimSettings.defaults(SimSettings.Mode.LINK, "kme-a", "kme-b")
      .withPool(POOL, 0);

  @Test
  void encKeys_racingCallersOnOnePair_getEveryPoolKeyExactlyOnce() throws Exception {
    SimulatedKme a = new SimulatedKme(link, SimHarness.SECRET, clock, UUID::randomUUID,
        List.of("sae-b", "sae-c"));
    List<List<String>> taken = race(() -> {
      List<String> ids = new ArrayList<>();
      while (a.encKeys("sae-a", "sae-b", 3, 256) instanceof SimAnswer.Keys keys) {
        keys.keys().forEach(k -> ids.add(k.id().value()));
        // another pair is served meanwhile, from its own pool
        assertInstanceOf(SimAnswer.Status.class, a.status("sae-a", "sae-c"));
      }
      return ids;
    });

    Set<String> all = new HashSet<>();
    taken.forEach(all::addAll);
    int total = taken.stream().mapToInt(List::size).sum();
    assertEquals(total, all.size(), "a key_ID was handed out twice");
    assertEquals(POOL - POOL % 3, total); // 3 per call until fewer than 3 are left
    assertEquals(POOL % 3, a.stored("sae-a", "sae-b"));
  }

  @Test
  void decKeys_racingFetchesOfOneKey_deliverItOnce() throws Exception {
    SimulatedKme a = new SimulatedKme(link, SimHarness.SECRET, clock, UUID::randomUUID);
    SimulatedKme b = new SimulatedKme(link, SimHarness.SECRET, clock, UUID::randomUUID);
    DeliveredKey key = ((SimAnswer.Keys) a.encKeys("sae-a", "sae-b", 1, 256)).keys().get(0);

    List<List<String>> answers = race(() -> List.of(
        b.decKeys("sae-b", "sae-a", List.of(key.id().value())) instanceof SimAnswer.Keys
            ? "keys" : "refused"));

    assertEquals(1, answers.stream().filter(x -> x.get(0).equals("keys")).count());
  }

  /** Runs {@code task} on {@link #CALLERS} threads released at once. */
  private static List<List<String>> race(java.util.concurrent.Callable<List<String>> task)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<List<String>>> futures = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        futures.add(pool.submit(() -> {
          go.await();
          return task.call();
        }));
      }
      go.countDown();
      List<List<String>> out = new ArrayList<>();
      for (Future<List<String>> f : futures) {
        out.add(f.get(30, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
