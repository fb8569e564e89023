package org.ukms.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.ukms.etsi004.KeyStreamId;

/**
 * Which applications have opened which key stream, so that a blocking OPEN_CONNECT can wait for
 * its peer application (spec §2: OPEN_CONNECT blocks until both peers are connected or the QoS
 * timeout expires). One store has one of its own (both applications on one simulated KM, as with
 * the reference example server); two in-process ends of a link may share one. Deadlines come from
 * the injected clock: {@link #wake()} makes waiters look at it again (tests advance a manual clock,
 * then wake). Thread-safe.
 */
public final class Etsi004Rendezvous {
  /** The KSIDs remembered (oldest forgotten first). */
  static final int MAX_STREAMS = 4 * Etsi004Store.MAX_STREAMS;
  private final Map<KeyStreamId, Set<String>> opened = new LinkedHashMap<>();
  private int waiting;

  /** Records that {@code application} opened {@code ksid}, and wakes whoever waits for it. */
  synchronized void opened(KeyStreamId ksid, String application) {
    opened.computeIfAbsent(ksid, k -> new HashSet<>()).add(application);
    if (opened.size() > MAX_STREAMS) {
      opened.remove(opened.keySet().iterator().next());
    }
    notifyAll();
  }

  /**
   * Waits until {@code peer} has opened {@code ksid} or {@code timeout} has passed on
   * {@code clock}; true when the peer is there.
   */
  synchronized boolean awaitPeer(KeyStreamId ksid, String peer, Duration timeout,
      InstantSource clock) throws InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    waiting++;
    try {
      while (!opened.getOrDefault(ksid, Set.of()).contains(peer)) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
          return false;
        }
        wait(Math.max(1, left.toMillis()));
      }
      return true;
    } finally {
      waiting--;
    }
  }

  /** How many OPEN_CONNECTs wait now (tests). */
  public synchronized int waiting() {
    return waiting;
  }

  /** Makes every waiter check its deadline again (after a test advanced its clock). */
  public synchronized void wake() {
    notifyAll();
  }
}
