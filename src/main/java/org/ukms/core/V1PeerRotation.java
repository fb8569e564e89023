package org.ukms.core;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import org.ukms.crypto.Secret;

/**
 * The state of one peer under the original uKMS protocol (ukms-v1.md sections 3, 6, 7), as pure
 * logic: no I/O, time from an injected clock, decisions returned as values. Not thread-safe: the
 * daemon guards each instance with one lock.
 *
 * <p>Each PSK mixes two keys: the local half, which our KME delivered by {@code enc_keys} when the
 * peer called us, and the remote half, which our KME delivered by {@code dec_keys} after we called
 * the peer. Whenever a half changes and both are present, the core decides to install the PSK.
 *
 * <p>The client round (call the peer, then {@code dec_keys}) is due at {@link #due()}: at once
 * after start, a rotation period after a success, a backoff after a failure, and at once again
 * when the peer tells us it restarted ({@code /new}). The core takes ownership of the key secrets
 * it is given and destroys each when it is replaced.
 */
public final class V1PeerRotation {
  private final InstantSource clock;
  private final Duration period;
  private final Backoff backoff;

  private Call nextCall = Call.NEW;
  private Instant due;
  private boolean inFlight;
  private boolean redoAtOnce;
  private Half local;
  private Half remote;

  public V1PeerRotation(InstantSource clock, Duration period, Backoff backoff) {
    this(clock, period, backoff, Duration.ZERO);
  }

  /** As above, with the first round due {@code firstDelay} after start (to spread many peers). */
  public V1PeerRotation(InstantSource clock, Duration period, Backoff backoff,
      Duration firstDelay) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.period = Objects.requireNonNull(period, "period");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive");
    }
    if (firstDelay.isNegative()) {
      throw new IllegalArgumentException("firstDelay must not be negative");
    }
    this.due = clock.instant().plus(firstDelay);
  }

  /** When the next client round should start. */
  public Instant due() {
    return due;
  }

  public boolean inFlight() {
    return inFlight;
  }

  /** Starts a client round and says which peer call it makes. */
  public Call startRound() {
    if (inFlight) {
      throw new IllegalStateException("a round is already in flight");
    }
    inFlight = true;
    return nextCall;
  }

  /** Our round got the remote half: the peer answered and our KME delivered the key. */
  public Optional<Install> roundSucceeded(KeyId keyId, Secret remoteKey) {
    endRound();
    backoff.reset();
    due = redoAtOnce ? clock.instant() : clock.instant().plus(period);
    redoAtOnce = false;
    remote = replace(remote, new Half(keyId, remoteKey));
    return decide();
  }

  /** Our round failed somewhere; returns the delay before the next one. */
  public Duration roundFailed(Backoff.Failure failure) {
    endRound();
    Duration delay = backoff.next(failure);
    due = redoAtOnce ? clock.instant() : clock.instant().plus(delay);
    redoAtOnce = false;
    return delay;
  }

  /**
   * The peer called {@code /new}: it restarted and lost its half. Forget our remote half (no PSK
   * until our next round completes) and make that round due at once.
   */
  public void peerRestarted() {
    remote = replace(remote, null);
    if (inFlight) {
      redoAtOnce = true;
    }
    due = clock.instant();
  }

  /** Our KME delivered a new local half by {@code enc_keys} for a peer request. */
  public Optional<Install> localKey(KeyId keyId, Secret localKey) {
    local = replace(local, new Half(keyId, localKey));
    return decide();
  }

  public int failures() {
    return backoff.failures();
  }

  private void endRound() {
    if (!inFlight) {
      throw new IllegalStateException("no round in flight");
    }
    inFlight = false;
    nextCall = Call.ROTATE;
  }

  private Optional<Install> decide() {
    if (local == null || remote == null) {
      return Optional.empty();
    }
    return Optional.of(new Install(PskV1.derive(local.key, remote.key), local.id, remote.id));
  }

  private static Half replace(Half old, Half fresh) {
    if (old != null && (fresh == null || old.key != fresh.key)) {
      old.key.destroy();
    }
    return fresh;
  }

  /** Which peer call a round makes. */
  public enum Call {
    /** First call after start: "I restarted, redo your half towards me". */
    NEW,
    /** Every later call, retries included. */
    ROTATE;

    public String path() {
      return this == NEW ? "new" : "rotate";
    }
  }

  private record Half(KeyId id, Secret key) {}
}
