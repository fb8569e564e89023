package org.ukms.core;

import static org.ukms.core.V2ExchangeContext.destroyKeys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ukms.crypto.MlKem;
import org.ukms.crypto.Secret;

/**
 * The initiator half of {@link V2Exchange}: our own exchange, from the QKD key fetch through the
 * offer, the peer's accept or mismatch, saving the next state, the confirm (the point of no
 * return) and its ack, or the rollback to the state in force when no ack came.
 */
final class V2ExchangeInitiator {
  /** How often an initiator sends one confirm before it gives up on the exchange. */
  static final int CONFIRM_ATTEMPTS = 3;

  /**
   * An own exchange: fetching the QKD key, offered, preparing (saving the next state before the
   * confirm, so a node that cannot save never confirms), confirming (past the point of no
   * return), rolling back (no ack came: the saved state goes back to the one in force).
   */
  private enum Phase { FETCHING, OFFERED, PREPARING, CONFIRMING, ROLLING_BACK }

  /** Our own exchange as initiator. */
  private static final class Own {
    final long token;
    final V2Chain.Basis basis;
    final long epoch;
    final Blob chain;
    final Instant started;
    Phase phase = Phase.FETCHING;
    KeyRef keyId;
    Secret qkd;
    MlKem.KeyPair kem;
    byte[] t;
    V2Schedule.EpochKeys keys;
    V2Message.Confirm confirm;
    int confirmsSent;
    String failure;

    Own(long token, V2Chain.Basis basis, long epoch, Blob chain, Instant started) {
      this.token = token;
      this.basis = basis;
      this.epoch = epoch;
      this.chain = chain;
      this.started = started;
    }
  }

  private final V2ExchangeContext c;
  private final V2Exchange.Settings s;
  private Own own;

  V2ExchangeInitiator(V2ExchangeContext context) {
    this.c = context;
    this.s = context.s;
  }

  /** Whether an own exchange is running. */
  boolean running() {
    return own != null;
  }

  /** Whether exchange {@code token} is our own running one. */
  boolean owns(long token) {
    return own != null && own.token == token;
  }

  /**
   * Whether the peer's offer must be answered Busy: our own exchange is past saving its next
   * state (its confirm may be out), or both initiate and the smaller ID (ours) leads.
   */
  boolean outranksOffer() {
    return own != null && (own.phase.compareTo(Phase.PREPARING) >= 0
        || s.self().compareTo(s.other()) < 0);
  }

  /** Whether the save of {@link V2Decision.Persist} {@code token} is ours. */
  boolean saves(long token) {
    return own != null && own.token == token
        && (own.phase == Phase.PREPARING || own.phase == Phase.ROLLING_BACK);
  }

  /** Starts an own exchange at {@code now}; the caller checked that nothing else runs. */
  V2Decision start(Instant now) {
    V2Chain.Basis basis = c.nextBasis;
    own = new Own(c.nextToken(), basis, c.chain.epochOf(basis), c.chain.chainId(basis), now);
    c.roundDue = now.plus(s.period()); // a safety net; completion reschedules
    if (s.mode().usesQkd()) {
      return new V2Decision.FetchKey(own.token);
    }
    return offer();
  }

  /** See {@link V2Exchange#keyFetched}. */
  V2Decision keyFetched(long token, KeyRef keyId, Secret key) {
    if (own == null || own.token != token || own.phase != Phase.FETCHING) {
      key.destroy();
      c.event(V2Event.Kind.KEY_DISCARDED, c.chain.epoch(), null, "key_id=" + keyId
          + " reason=exchange_abandoned");
      return V2Decision.NONE;
    }
    own.keyId = keyId;
    own.qkd = key;
    return offer();
  }

  /** See {@link V2Exchange#keyFailed}. */
  V2Decision keyFailed(long token, String reason, boolean transientFailure) {
    if (own == null || own.token != token) {
      return V2Decision.NONE;
    }
    return fail("enc_keys", reason, transientFailure);
  }

  private V2Decision offer() {
    if (s.mode().usesKem()) {
      own.kem = MlKem.generate(c.random);
    }
    own.phase = Phase.OFFERED;
    return new V2Decision.Send(own.token, new V2Message.Offer(own.epoch, s.mode(), own.chain,
        own.keyId, own.kem == null ? null : Blob.of(own.kem.encapsulationKey())));
  }

  /** See {@link V2Exchange#answered}. */
  V2Decision answered(long token, V2Message answer) {
    if (own == null || own.token != token) {
      return V2Decision.NONE;
    }
    if (own.phase == Phase.OFFERED) {
      return offerAnswered(answer);
    }
    if (own.phase == Phase.CONFIRMING) {
      return confirmAnswered(answer);
    }
    return V2Decision.NONE;
  }

  private V2Decision offerAnswered(V2Message answer) {
    if (answer instanceof V2Message.Accept a) {
      return accepted(a);
    }
    if (answer instanceof V2Message.Busy) {
      // The peer leads this rotation: its exchange resets our timer when it completes.
      endOwn();
      c.roundDue = c.clock.instant().plus(s.peerTimeout().multipliedBy(2));
      return V2Decision.NONE;
    }
    if (answer instanceof V2Message.Mismatch m) {
      return mismatch(m);
    }
    if (answer instanceof V2Message.Refused r) {
      return fail("offer", "refused: " + r.reason().wireName() + ": " + r.detail(),
          r.reason().transientFailure());
    }
    if (answer instanceof V2Message.Failed f) {
      return fail("offer", f.detail(), f.transientFailure());
    }
    return fail("offer", "unexpected answer " + answer.getClass().getSimpleName(), false);
  }

  private V2Decision accepted(V2Message.Accept a) {
    if (a.epoch() != own.epoch || (own.kem != null) != (a.kemCt() != null)) {
      return fail("offer", "malformed answer", false);
    }
    if (!c.chainStillAt(own.basis, own.epoch, own.chain)) {
      return abandon("the chain moved during our exchange");
    }
    Secret ss = null;
    try {
      ss = own.kem == null ? null : own.kem.decapsulate(a.kemCt().bytes());
    } catch (IllegalArgumentException e) {
      return fail("offer", "malformed kem_ct", false);
    }
    own.t = V2Schedule.transcript(s.self(), s.other(), own.epoch, s.mode(),
        own.keyId == null ? null : own.keyId.value(),
        own.kem == null ? null : own.kem.encapsulationKey(),
        a.kemCt() == null ? null : a.kemCt().bytes());
    Secret ck = c.chain.chainKey(own.basis);
    own.keys = V2Schedule.derive(ck, own.qkd, ss, own.t);
    ck.destroy();
    if (ss != null) {
      ss.destroy();
    }
    if (!V2Schedule.verify(own.keys.confirmKey(), V2Schedule.Proof.RESPONDER, own.t,
        a.proof().bytes())) {
      return fail("offer", "the peer's key confirmation failed (the keys differ: check the "
          + "KMEs)", false);
    }
    own.phase = Phase.PREPARING;
    return new V2Decision.Persist(own.token, c.nextState(own.basis, own.keys));
  }

  /** The next state is saved: send the confirm, the point of no return. */
  private V2Decision confirm() {
    own.phase = Phase.CONFIRMING;
    own.confirm = new V2Message.Confirm(own.epoch, Blob.of(V2Schedule.prove(
        own.keys.confirmKey(), V2Schedule.Proof.INITIATOR, own.t)));
    own.confirmsSent = 1;
    c.event(V2Event.Kind.PROVED_INITIATOR, own.epoch, Blob.of(own.t), "");
    return new V2Decision.Send(own.token, own.confirm);
  }

  private V2Decision mismatch(V2Message.Mismatch m) {
    V2Chain chain = c.chain;
    List<V2Chain.Basis> common = new ArrayList<>();
    for (V2Chain.Basis b : chain.bases()) {
      long e = chain.epochOf(b);
      Blob id = chain.chainId(b);
      boolean theirs = e == m.epoch() && id.equals(m.chain())
          || m.previousChain() != null && e == m.previousEpoch() && id.equals(m.previousChain())
          || b == V2Chain.Basis.RESET;
      if (theirs) {
        common.add(b);
      }
    }
    V2Chain.Basis chosen = common.get(0);
    String ours = "ours=" + chain.epoch() + " theirs=" + m.epoch();
    c.event(V2Event.Kind.EPOCH_MISMATCH, chain.epoch(), null, ours + " action="
        + (chosen == V2Chain.Basis.RESET ? "reset_chain" : "offer_from_" + chosen.name()
        .toLowerCase(java.util.Locale.ROOT)));
    endOwn();
    c.nextBasis = chosen;
    c.roundDue = c.clock.instant().plus(c.backoff.next(Backoff.Failure.TRANSIENT));
    return V2Decision.NONE;
  }

  /**
   * The answer to our confirm. An {@link V2Decision.Install} returned here means the chain
   * advanced as initiator; {@link V2Exchange} then forgets the responder's last exchange.
   */
  private V2Decision confirmAnswered(V2Message answer) {
    if (answer instanceof V2Message.Ack a) {
      if (!V2Schedule.verify(own.keys.confirmKey(), V2Schedule.Proof.ACK, own.t,
          a.proof().bytes())) {
        return fail("confirm", "the ack failed verification", false);
      }
      if (!c.chainStillAt(own.basis, own.epoch, own.chain)) {
        // Cannot happen while we refuse everything past the point of no return; kept as a guard.
        return abandon(V2Exchange.SPLIT_GUARD);
      }
      Own o = own;
      own = null;
      boolean reset = c.advance(o.basis, o.keys, o.t, V2Decision.Role.INITIATOR);
      o.keys.confirmKey().destroy();
      destroyMaterial(o);
      c.remember(o.keys.psk());
      return new V2Decision.Install(o.keys.psk(), c.chain.epoch(), V2Decision.Role.INITIATOR,
          o.keyId, Duration.between(o.started, c.clock.instant()), reset, null);
    }
    if (answer instanceof V2Message.Failed f && f.transientFailure()
        && own.confirmsSent < CONFIRM_ATTEMPTS) {
      own.confirmsSent++;
      return new V2Decision.Send(own.token, own.confirm);
    }
    String why = answer instanceof V2Message.Refused r
        ? "refused: " + r.reason().wireName() + ": " + r.detail()
        : answer instanceof V2Message.Failed f ? f.detail()
        : "unexpected answer " + answer.getClass().getSimpleName();
    // The peer may or may not have installed: the next offer's chain ID tells, and we retry soon.
    // Our saved state is the prepared one: put the state in force back first.
    V2State back = c.stateInForce();
    if (back == null) {
      return fail("confirm", why, true);
    }
    own.failure = why;
    own.phase = Phase.ROLLING_BACK;
    return new V2Decision.Persist(own.token, back);
  }

  // ---------------------------------------------------------------- saving

  /** Our save is done (the caller checked {@link #saves}): confirm, or end the rollback. */
  V2Decision persisted() {
    if (own.phase == Phase.PREPARING) {
      return confirm();
    }
    return fail("confirm", own.failure, true);
  }

  /** Our save failed (the caller checked {@link #saves}). */
  V2Decision persistFailed(String reason) {
    c.event(V2Event.Kind.PERSIST_FAILED, own.epoch, null, reason);
    if (own.phase == Phase.PREPARING) {
      return fail("save", reason, true); // nothing was sent: the peer installs nothing either
    }
    // Rolling back: the prepared state stays on disk; after a restart the chain IDs sort it out.
    return fail("confirm", own.failure, true);
  }

  /** The driver could not finish our exchange (the caller checked {@link #owns}): retry. */
  V2Decision abort(String reason) {
    return fail("internal", reason, true);
  }

  // ---------------------------------------------------------------- ending

  private V2Decision fail(String step, String reason, boolean transientFailure) {
    long epoch = own == null ? c.chain.epoch() : own.epoch;
    endOwn();
    java.time.Duration delay = c.backoff.next(transientFailure ? Backoff.Failure.TRANSIENT
        : Backoff.Failure.REJECTED);
    c.roundDue = c.clock.instant().plus(delay);
    c.event(V2Event.Kind.FAILED, epoch, null, "step=" + step + " error=\"" + reason
        + "\" retry_in_ms=" + delay.toMillis());
    return V2Decision.NONE;
  }

  /** Ends our running exchange without a retry backoff: the next round is a period away. */
  V2Decision abandon(String why) {
    c.event(V2Event.Kind.ABANDONED, own.epoch, own.t == null ? null : Blob.of(own.t),
        "reason=\"" + why + "\"");
    endOwn();
    c.roundDue = c.clock.instant().plus(s.period());
    return V2Decision.NONE;
  }

  private void endOwn() {
    if (own != null) {
      if (own.qkd != null && own.phase.compareTo(Phase.OFFERED) <= 0) {
        c.event(V2Event.Kind.KEY_DISCARDED, own.epoch, null, "key_id=" + own.keyId
            + " reason=exchange_ended_before_confirm");
      }
      destroyMaterial(own);
      if (own.keys != null) {
        destroyKeys(own.keys);
      }
      own = null;
    }
  }

  private static void destroyMaterial(Own o) {
    if (o.qkd != null) {
      o.qkd.destroy();
      o.qkd = null;
    }
    o.kem = null;
  }
}
