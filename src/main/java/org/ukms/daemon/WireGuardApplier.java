package org.ukms.daemon;

import java.time.Duration;
import java.time.InstantSource;
import org.ukms.core.Backoff;
import org.ukms.crypto.Secret;
import org.ukms.sink.PskSink;
import org.ukms.sink.SinkException;

/**
 * Applies each PSK to one WireGuard peer and keeps trying until it sticks. A failed
 * {@code wg set} is logged and counted, and the PSK is retried with backoff (0.5 s doubling to
 * 30 s) until it succeeds or a newer PSK replaces it; it never fails the rotation or stops the
 * daemon. While a retry is pending, this object holds a copy of the PSK, zeroed when it is done.
 */
final class WireGuardApplier implements PskSink {
  private static final System.Logger logger = System.getLogger("org.ukms.wireguard");
  private final String peer;
  private final PskSink wg;
  private final Scheduler scheduler;
  private final InstantSource clock;
  private final Backoff backoff;
  private final RotationStats stats;
  private final Object lock = new Object();
  private Secret pending;
  private Scheduler.Cancellable retry;
  private boolean closed;

  WireGuardApplier(String peer, PskSink wg, Scheduler scheduler, InstantSource clock,
      Backoff backoff, RotationStats stats) {
    this.peer = peer;
    this.wg = wg;
    this.scheduler = scheduler;
    this.clock = clock;
    this.backoff = backoff;
    this.stats = stats;
  }

  /** Applies {@code psk} now; on failure keeps a copy and schedules a retry. Never throws. */
  @Override
  public void install(Secret psk) {
    synchronized (lock) {
      dropPendingLocked();
      backoff.reset();
      applyLocked(psk, null);
    }
  }

  /** Whether a PSK is waiting for a retry (tests, status). */
  boolean retrying() {
    synchronized (lock) {
      return pending != null;
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      dropPendingLocked();
    }
  }

  private void retry() {
    synchronized (lock) {
      if (closed || pending == null) {
        return;
      }
      Secret psk = pending;
      pending = null;
      retry = null;
      try {
        applyLocked(psk, psk);
      } finally {
        if (pending != psk) {
          psk.destroy();
        }
      }
    }
  }

  /** {@code held} is the copy being retried (reused as the pending copy), or null for a new PSK. */
  private void applyLocked(Secret psk, Secret held) {
    try {
      wg.install(psk);
      if (backoff.failures() > 0) {
        logger.log(System.Logger.Level.INFO, "peer=" + peer + " result=wireguard_applied after_"
            + "failures=" + backoff.failures() + " target=\"" + wg + "\"");
        backoff.reset();
      } else {
        logger.log(System.Logger.Level.DEBUG, "peer=" + peer + " result=wireguard_applied");
      }
    } catch (SinkException e) {
      stats.wireguardFailed(peer);
      if (closed) {
        return;
      }
      Duration delay = backoff.next(Backoff.Failure.TRANSIENT);
      logger.log(System.Logger.Level.ERROR, "peer=" + peer + " result=wireguard_failed error=\""
          + e.getMessage() + "\" retry_in_ms=" + delay.toMillis());
      pending = held != null ? held : Secret.copyOf(psk.reveal());
      retry = scheduler.schedule(clock.instant().plus(delay), this::retry);
    }
  }

  private void dropPendingLocked() {
    if (retry != null) {
      retry.cancel();
      retry = null;
    }
    if (pending != null) {
      pending.destroy();
      pending = null;
    }
  }
}
