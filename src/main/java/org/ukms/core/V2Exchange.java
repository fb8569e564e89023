package org.ukms.core;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import org.ukms.crypto.Secret;

/**
 * The v2 exchange with one peer (docs/protocol-v2.md sections 5 and 6) as pure logic: events in,
 * {@link V2Decision}s out, time from an injected clock, no I/O. Not thread-safe: the driver calls
 * it under one lock per peer and does every network, KME and disk step outside it.
 *
 * <p>The rules that keep a pair from splitting:
 * <ul>
 *   <li>A node holds at most one live exchange per peer: its own (as initiator) or the peer's
 *       (as responder). Serving the peer's offer abandons an own exchange that is not past its
 *       point of no return; starting an own exchange drops a stale pending one. Outcomes of an
 *       abandoned exchange are recognised by their token and ignored.</li>
 *   <li>Both initiate: the smaller ID leads, and a node past its point of no return (its confirm
 *       sent) answers every offer with {@link V2Message.Busy}.</li>
 *   <li>Before the point of no return the initiator checks that its chain has not moved; a
 *       responder refuses a confirm while its own exchange runs.</li>
 *   <li>Offers name their chain key by epoch and ID; a responder runs only from a matching key
 *       (current, previous or ck_0) and otherwise answers {@link V2Message.Mismatch} with its own
 *       positions, from which the initiator picks the newest common one: the previous key after a
 *       missed install or a split, ck_0 (a logged reset) when nothing else is shared.</li>
 *   <li>The next state is saved before anything is installed or acknowledged; a failed save
 *       advances nothing.</li>
 * </ul>
 *
 * <p>This class is the façade: it keeps the public API and routes each event to the half that
 * owns it. {@link V2ExchangeInitiator} runs our own exchange, {@link V2ExchangeResponder} the
 * peer's, and {@link V2ExchangeContext} holds what they share (chain, clock, backoff, events,
 * timers, the PSK in force). Where an event concerns both halves (a round is due, a save is done)
 * the routing here keeps the order of the checks above.
 */
public final class V2Exchange {
  /** The reason of an abandon after our confirm: the peer may have installed; never expected. */
  public static final String SPLIT_GUARD = "the chain moved after our confirm";

  /** One peer's settings, as the core needs them. */
  public record Settings(String self, String other, V2Schedule.Mode mode, Duration period,
      Duration peerTimeout, Duration pskLifetime, boolean keepOnExpiry) {
    public Settings {
      Objects.requireNonNull(self, "self");
      Objects.requireNonNull(other, "other");
      Objects.requireNonNull(mode, "mode");
      if (self.equals(other)) {
        throw new IllegalArgumentException("a node cannot be its own peer");
      }
    }
  }

  private final V2ExchangeContext c;
  private final V2ExchangeInitiator initiator;
  private final V2ExchangeResponder responder;

  /**
   * A core resumed at {@code chain}; {@code confirmedAt} is when the PSK in force was confirmed
   * (from the state file; "now" without one), so the fail-closed deadline survives restarts.
   * The first round is due {@code firstDelay} from now.
   */
  public V2Exchange(Settings settings, InstantSource clock, Backoff backoff, SecureRandom random,
      V2Chain chain, Instant confirmedAt, Duration firstDelay) {
    this(settings, clock, backoff, random, chain, null, confirmedAt, firstDelay);
  }

  /** As above, with the PSK in force from the state file (a copy is kept; may be null). */
  public V2Exchange(Settings settings, InstantSource clock, Backoff backoff, SecureRandom random,
      V2Chain chain, Secret pskInForce, Instant confirmedAt, Duration firstDelay) {
    this.c = new V2ExchangeContext(settings, clock, backoff, random, chain, pskInForce,
        confirmedAt, firstDelay);
    this.initiator = new V2ExchangeInitiator(c);
    this.responder = new V2ExchangeResponder(c, initiator);
  }

  // ---------------------------------------------------------------- queries

  public long epoch() {
    return c.chain.epoch();
  }

  /** The public ID of the current chain key (status, tests). */
  public Blob chainId() {
    return c.chain.chainId(V2Chain.Basis.CURRENT);
  }

  /** When the driver should call {@link #startRound()}. */
  public Instant roundDue() {
    return c.roundDue;
  }

  /** When the driver should call {@link #expire()}. */
  public Instant expiryDue() {
    return c.expiryDue();
  }

  /** Whether an own exchange is running (tests, status). */
  public boolean initiating() {
    return initiator.running();
  }

  /** The events since the last call, oldest first. */
  public List<V2Event> drainEvents() {
    return c.drainEvents();
  }

  // ---------------------------------------------------------------- initiator

  /** The round timer fired: start an own exchange if nothing else runs. */
  public V2Decision startRound() {
    Instant now = c.clock.instant();
    if (initiator.running() || responder.saving()) {
      c.roundDue = now.plus(c.s.period()); // the running exchange reschedules when it ends
      return V2Decision.NONE;
    }
    if (responder.serving(now)) {
      c.roundDue = now.plus(c.s.peerTimeout()); // we are serving the peer's exchange
      return V2Decision.NONE;
    }
    responder.dropPending("superseded by our own round");
    return initiator.start(now);
  }

  /** Our KME delivered the QKD key for exchange {@code token}. Takes ownership of {@code key}. */
  public V2Decision keyFetched(long token, KeyRef keyId, Secret key) {
    return initiator.keyFetched(token, keyId, key);
  }

  /** Our KME failed for exchange {@code token}. */
  public V2Decision keyFailed(long token, String reason, boolean transientFailure) {
    return initiator.keyFailed(token, reason, transientFailure);
  }

  /** The answer (or the failure) of our request in exchange {@code token}. */
  public V2Decision answered(long token, V2Message answer) {
    V2Decision d = initiator.answered(token, answer);
    if (d instanceof V2Decision.Install) {
      // Our own exchange advanced the chain: the last one we answered can no longer be acked.
      responder.clearDone();
    }
    return d;
  }

  // ---------------------------------------------------------------- responder

  /** The peer offers an exchange (after its request passed authentication). */
  public V2Decision offerReceived(V2Message.Offer offer) {
    return responder.offerReceived(offer);
  }

  /** Our KME delivered the key the offer of {@code token} named. Takes ownership of {@code key}. */
  public V2Decision peerKeyFetched(long token, Secret key) {
    return responder.peerKeyFetched(token, key);
  }

  /** Our KME could not deliver the key the offer of {@code token} named. */
  public V2Decision peerKeyFailed(long token, String reason) {
    return responder.peerKeyFailed(token, reason);
  }

  /** The peer confirms (after its request passed authentication). */
  public V2Decision confirmReceived(V2Message.Confirm confirm) {
    return responder.confirmReceived(confirm);
  }

  // ---------------------------------------------------------------- installing

  /** The state of {@link V2Decision.Persist} {@code token} is saved: advance and install. */
  public V2Decision persisted(long token) {
    Instant now = c.clock.instant();
    if (responder.saves(token)) {
      return responder.persisted(now);
    }
    if (initiator.saves(token)) {
      return initiator.persisted();
    }
    throw new IllegalStateException("no save in progress for token " + token);
  }

  /** The state of {@link V2Decision.Persist} {@code token} could not be saved: nothing advances. */
  public V2Decision persistFailed(long token, String reason) {
    if (responder.saves(token)) {
      return responder.persistFailed(reason);
    }
    if (initiator.saves(token)) {
      return initiator.persistFailed(reason);
    }
    throw new IllegalStateException("no save in progress for token " + token);
  }

  /**
   * The driver could not finish exchange {@code token} (an unexpected error): drop it and retry
   * with backoff. A no-op for a token that is no longer current.
   */
  public V2Decision abort(long token, String reason) {
    if (initiator.owns(token)) {
      return initiator.abort(reason);
    }
    responder.abort(token);
    return V2Decision.NONE;
  }

  // ---------------------------------------------------------------- expiry

  /** The expiry timer fired: fail closed if no rotation was confirmed for the PSK lifetime. */
  public V2Decision expire() {
    return c.expire();
  }

  /** Whether we initiate the exchange from {@code epoch} (see {@link V2ExchangeContext}). */
  boolean leads(long epoch) {
    return c.leads(epoch);
  }

  @Override
  public String toString() {
    return "V2Exchange[" + c.s.self() + "→" + c.s.other() + " epoch " + c.chain.epoch() + "]";
  }
}
