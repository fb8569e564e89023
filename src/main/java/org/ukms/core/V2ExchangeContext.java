package org.ukms.core;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ukms.crypto.Secret;

/**
 * What one peer's {@link V2Exchange} shares between its initiator and responder halves: the
 * chain, the clock, backoff and randomness, the event log, the token counter, the round and
 * expiry timers, the basis of the next offer and the PSK in force; and the logic on them both
 * halves use (advancing the chain, the next state to save, the state in force, failing closed).
 * Not thread-safe, like the exchange.
 */
final class V2ExchangeContext {
  private static final int PSK_BYTES = 32;

  final V2Exchange.Settings s;
  final InstantSource clock;
  final Backoff backoff;
  final SecureRandom random;
  final V2Chain chain;
  private final List<V2Event> events = new ArrayList<>();
  private long lastToken;
  /** When the driver should start a round. */
  Instant roundDue;
  /** When the driver should check expiry. */
  private Instant expiryDue;
  /** The basis of our next offer: the current key, or what the last mismatch chose. */
  V2Chain.Basis nextBasis = V2Chain.Basis.CURRENT;
  /** The PSK in force and when it was confirmed, for putting the saved state back. */
  private Secret inForce;
  private Instant inForceAt;

  /** As the {@link V2Exchange} constructors describe; a copy of {@code pskInForce} is kept. */
  V2ExchangeContext(V2Exchange.Settings settings, InstantSource clock, Backoff backoff,
      SecureRandom random, V2Chain chain, Secret pskInForce, Instant confirmedAt,
      Duration firstDelay) {
    this.s = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.random = Objects.requireNonNull(random, "random");
    this.chain = Objects.requireNonNull(chain, "chain");
    Instant now = clock.instant();
    this.roundDue = now.plus(firstDelay).plus(leads(chain.epoch()) ? Duration.ZERO
        : followerDelay());
    Instant confirmed = confirmedAt == null || confirmedAt.isAfter(now) ? now : confirmedAt;
    this.expiryDue = confirmed.plus(settings.pskLifetime());
    if (pskInForce != null) {
      this.inForce = Secret.copyOf(pskInForce.reveal());
      this.inForceAt = confirmed;
    }
  }

  /** A token for a new exchange, own or the peer's; outcomes of older ones are then ignored. */
  long nextToken() {
    return ++lastToken;
  }

  Instant expiryDue() {
    return expiryDue;
  }

  List<V2Event> drainEvents() {
    List<V2Event> out = List.copyOf(events);
    events.clear();
    return out;
  }

  void event(V2Event.Kind kind, long epoch, Blob t, String detail) {
    events.add(new V2Event(kind, epoch, t, detail));
  }

  // ---------------------------------------------------------------- expiry

  /** The expiry timer fired: fail closed if no rotation was confirmed for the PSK lifetime. */
  V2Decision expire() {
    Instant now = clock.instant();
    if (now.isBefore(expiryDue)) {
      return V2Decision.NONE;
    }
    expiryDue = now.plus(s.pskLifetime());
    event(V2Event.Kind.STALE, chain.epoch(), null, s.keepOnExpiry() ? "action=keep"
        : "action=random_psk");
    if (s.keepOnExpiry()) {
      return new V2Decision.KeepStale(s.pskLifetime());
    }
    byte[] raw = new byte[PSK_BYTES];
    random.nextBytes(raw);
    Secret noise = Secret.copyOf(raw);
    java.util.Arrays.fill(raw, (byte) 0);
    return new V2Decision.FailClosed(noise, s.pskLifetime());
  }

  // ---------------------------------------------------------------- chain and state

  /** The state in force, to save again after a prepared one was not used; null without a PSK. */
  V2State stateInForce() {
    if (inForce == null) {
      return null;
    }
    return new V2State(chain.epoch(), chain.currentChainKey(), chain.previousEpoch(),
        chain.previousChainKey(), Secret.copyOf(inForce.reveal()), inForceAt);
  }

  void remember(Secret psk) {
    if (inForce != null) {
      inForce.destroy();
    }
    inForce = Secret.copyOf(psk.reveal());
    inForceAt = clock.instant();
  }

  V2State nextState(V2Chain.Basis basis, V2Schedule.EpochKeys keys) {
    long from = chain.epochOf(basis);
    return new V2State(from + 1, Secret.copyOf(keys.nextChainKey().reveal()), from,
        chain.chainKey(basis), Secret.copyOf(keys.psk().reveal()), clock.instant());
  }

  /** Advances the chain for a completed exchange; returns whether it was a reset. */
  boolean advance(V2Chain.Basis basis, V2Schedule.EpochKeys keys, byte[] t,
      V2Decision.Role role) {
    Instant now = clock.instant();
    long before = chain.epoch();
    boolean reset = basis == V2Chain.Basis.RESET && !(before == 0
        && chain.chainId(V2Chain.Basis.CURRENT).equals(chain.chainId(V2Chain.Basis.RESET)));
    chain.advance(basis, keys.nextChainKey());
    if (reset) {
      event(V2Event.Kind.CHAIN_RESET, chain.epoch(), Blob.of(t), "from_epoch=" + before);
    }
    event(V2Event.Kind.INSTALLED, chain.epoch(), Blob.of(t), "role=" + role.wireName());
    nextBasis = V2Chain.Basis.CURRENT;
    backoff.reset();
    expiryDue = now.plus(s.pskLifetime());
    roundDue = now.plus(s.period()).plus(leads(chain.epoch()) ? Duration.ZERO : followerDelay());
    return reset;
  }

  boolean chainStillAt(V2Chain.Basis basis, long epoch, Blob chainId) {
    return chain.bases().contains(basis) && chain.epochOf(basis) == epoch
        && chain.chainId(basis).equals(chainId);
  }

  // ---------------------------------------------------------------- schedule

  /**
   * Whether we initiate the exchange from {@code epoch}: the two sides alternate, so their timers
   * do not collide; the other side waits {@link #followerDelay()} longer and takes over if we
   * are gone.
   */
  boolean leads(long epoch) {
    return (epoch % 2 == 0) == (s.self().compareTo(s.other()) < 0);
  }

  /** How much later than the leader the other side's timer runs: 2 × peer timeout, ≤ period / 2. */
  private Duration followerDelay() {
    Duration d = s.peerTimeout().multipliedBy(2);
    Duration half = s.period().dividedBy(2);
    return d.compareTo(half) < 0 ? d : half;
  }

  /**
   * Whether {@code now} lies in [{@code since}, {@code since + span}): a timestamp from the
   * future (the clock stepped back) counts as old, so a clock step never freezes the pair.
   */
  static boolean within(Instant since, Duration span, Instant now) {
    return !now.isBefore(since) && now.isBefore(since.plus(span));
  }

  // ---------------------------------------------------------------- small helpers

  static void destroyKeys(V2Schedule.EpochKeys keys) {
    keys.nextChainKey().destroy();
    keys.psk().destroy();
    keys.confirmKey().destroy();
  }

  static V2Decision reply(V2Message answer) {
    return new V2Decision.Reply(answer);
  }
}
