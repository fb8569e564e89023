package org.ukms.core;

import static org.ukms.core.V2ExchangeContext.destroyKeys;
import static org.ukms.core.V2ExchangeContext.reply;

import java.time.Duration;
import java.time.Instant;
import org.ukms.crypto.MlKem;
import org.ukms.crypto.Secret;

/**
 * The responder half of {@link V2Exchange}: answering the peer's offer (fetching the key it
 * names, accepting or answering a mismatch), the pending exchange waiting for its confirm, saving
 * the next state before installing and acknowledging, and acknowledging a repeated confirm again.
 * It asks the initiator half whether our own exchange runs or outranks the peer's.
 */
final class V2ExchangeResponder {
  /** The peer's offer while we fetch its QKD key. */
  private record Answering(long token, V2Message.Offer offer, V2Chain.Basis basis) {}

  /** Our answer to the peer's offer, waiting for its confirm. */
  private record Pending(long token, V2Chain.Basis basis, long epoch, Blob chain, byte[] t,
      V2Schedule.EpochKeys keys, KeyRef keyId, Instant created) {}

  /** The last exchange we completed as responder, to acknowledge a repeated confirm again. */
  private record Done(long epochAfter, long epoch, byte[] t, Secret confirmKey) {}

  private final V2ExchangeContext c;
  private final V2Exchange.Settings s;
  private final V2ExchangeInitiator initiator;
  private Answering answering;
  private Pending pending;
  /** A responder install waiting for its state to be saved. */
  private Pending saving;
  private Done done;

  V2ExchangeResponder(V2ExchangeContext context, V2ExchangeInitiator initiator) {
    this.c = context;
    this.s = context.s;
    this.initiator = initiator;
  }

  /** Whether a responder install waits for its state to be saved. */
  boolean saving() {
    return saving != null;
  }

  /**
   * Whether we serve the peer's exchange at {@code now}: fetching its key, or a pending answer
   * younger than two peer timeouts.
   */
  boolean serving(Instant now) {
    return answering != null || pending != null
        && V2ExchangeContext.within(pending.created(), s.peerTimeout().multipliedBy(2), now);
  }

  /** See {@link V2Exchange#offerReceived}. */
  V2Decision offerReceived(V2Message.Offer offer) {
    if (offer.mode() != s.mode()) {
      return reply(new V2Message.Refused(V2Message.Reason.MODE_MISMATCH, "we run mode "
          + s.mode().wireName() + ", the offer is " + offer.mode().wireName()));
    }
    boolean needsKey = s.mode().usesQkd();
    boolean needsKem = s.mode().usesKem();
    if (needsKey != (offer.keyId() != null) || needsKem != (offer.kemEk() != null)) {
      return reply(new V2Message.Refused(V2Message.Reason.MALFORMED, "the offer lacks or has "
          + "extra material for mode " + s.mode().wireName()));
    }
    if (saving != null || initiator.outranksOffer()) {
      return reply(new V2Message.Busy(s.self()));
    }
    V2Chain chain = c.chain;
    V2Chain.Basis basis = chain.basisFor(offer.epoch(), offer.chain());
    if (basis == V2Chain.Basis.MISMATCH) {
      boolean prev = chain.bases().contains(V2Chain.Basis.PREVIOUS);
      return reply(new V2Message.Mismatch(chain.epoch(), chain.chainId(V2Chain.Basis.CURRENT),
          prev ? chain.previousEpoch() : -1, prev ? chain.chainId(V2Chain.Basis.PREVIOUS) : null));
    }
    if (initiator.running()) {
      initiator.abandon("the peer leads this rotation");
    }
    dropPending("superseded by a newer offer");
    answering = new Answering(c.nextToken(), offer, basis);
    if (needsKey) {
      return new V2Decision.FetchPeerKey(answering.token(), offer.keyId());
    }
    return accept(null);
  }

  /** See {@link V2Exchange#peerKeyFetched}. */
  V2Decision peerKeyFetched(long token, Secret key) {
    if (answering == null || answering.token() != token) {
      key.destroy();
      return reply(new V2Message.Refused(V2Message.Reason.NO_EXCHANGE,
          "a newer exchange superseded this offer"));
    }
    try {
      return accept(key);
    } finally {
      key.destroy();
    }
  }

  /** See {@link V2Exchange#peerKeyFailed}. */
  V2Decision peerKeyFailed(long token, String reason) {
    if (answering != null && answering.token() == token) {
      answering = null;
    }
    return reply(new V2Message.Refused(V2Message.Reason.UNAVAILABLE, "our KME failed: " + reason));
  }

  private V2Decision accept(Secret qkd) {
    Answering a = answering;
    answering = null;
    V2Message.Offer offer = a.offer();
    if (!c.chainStillAt(a.basis(), offer.epoch(), offer.chain())) {
      return reply(new V2Message.Refused(V2Message.Reason.NO_EXCHANGE,
          "our chain moved while we fetched the key"));
    }
    MlKem.Encapsulation enc = null;
    if (offer.kemEk() != null) {
      try {
        enc = MlKem.encapsulate(offer.kemEk().bytes(), c.random);
      } catch (IllegalArgumentException e) {
        return reply(new V2Message.Refused(V2Message.Reason.MALFORMED, "bad kem_ek"));
      }
    }
    byte[] t = V2Schedule.transcript(s.other(), s.self(), offer.epoch(), s.mode(),
        offer.keyId() == null ? null : offer.keyId().value(),
        offer.kemEk() == null ? null : offer.kemEk().bytes(),
        enc == null ? null : enc.ciphertext());
    Secret ck = c.chain.chainKey(a.basis());
    V2Schedule.EpochKeys keys = V2Schedule.derive(ck, qkd, enc == null ? null
        : enc.sharedSecret(), t);
    ck.destroy();
    if (enc != null) {
      enc.sharedSecret().destroy();
    }
    pending = new Pending(a.token(), a.basis(), offer.epoch(), offer.chain(), t, keys,
        offer.keyId(), c.clock.instant());
    c.event(V2Event.Kind.PROVED_RESPONDER, offer.epoch(), Blob.of(t), "basis="
        + a.basis().name().toLowerCase(java.util.Locale.ROOT));
    return reply(new V2Message.Accept(offer.epoch(), enc == null ? null
        : Blob.of(enc.ciphertext()), Blob.of(V2Schedule.prove(keys.confirmKey(),
        V2Schedule.Proof.RESPONDER, t))));
  }

  /** See {@link V2Exchange#confirmReceived}. */
  V2Decision confirmReceived(V2Message.Confirm confirm) {
    if (done != null && done.epoch() == confirm.epoch() && V2Schedule.verify(done.confirmKey(),
        V2Schedule.Proof.INITIATOR, done.t(), confirm.proof().bytes())) {
      return reply(new V2Message.Ack(done.epochAfter(), Blob.of(V2Schedule.prove(
          done.confirmKey(), V2Schedule.Proof.ACK, done.t()))));
    }
    if (initiator.running() || saving != null) {
      return reply(new V2Message.Refused(V2Message.Reason.NO_EXCHANGE,
          "our own exchange is running"));
    }
    if (pending == null || pending.epoch() != confirm.epoch()) {
      return reply(new V2Message.Refused(V2Message.Reason.NO_EXCHANGE,
          "no pending exchange at epoch " + confirm.epoch()));
    }
    if (!c.chainStillAt(pending.basis(), pending.epoch(), pending.chain())) {
      dropPending("our chain moved");
      return reply(new V2Message.Refused(V2Message.Reason.NO_EXCHANGE, "stale exchange"));
    }
    if (!V2Schedule.verify(pending.keys().confirmKey(), V2Schedule.Proof.INITIATOR, pending.t(),
        confirm.proof().bytes())) {
      // Not from this exchange (an old confirm): the real one may still come.
      return reply(new V2Message.Refused(V2Message.Reason.BAD_PROOF,
          "key confirmation failed"));
    }
    saving = pending;
    pending = null;
    return new V2Decision.Persist(saving.token(),
        c.nextState(saving.basis(), saving.keys()));
  }

  // ---------------------------------------------------------------- saving

  /** Whether the save of {@link V2Decision.Persist} {@code token} is ours. */
  boolean saves(long token) {
    return saving != null && saving.token() == token;
  }

  /** Our save is done (the caller checked {@link #saves}; {@code now} read before): install. */
  V2Decision persisted(Instant now) {
    Pending p = saving;
    saving = null;
    boolean reset = c.advance(p.basis(), p.keys(), p.t(), V2Decision.Role.RESPONDER);
    if (done != null) {
      done.confirmKey().destroy();
    }
    done = new Done(c.chain.epoch(), p.epoch(), p.t(), p.keys().confirmKey());
    V2Message ack = new V2Message.Ack(c.chain.epoch(), Blob.of(V2Schedule.prove(
        p.keys().confirmKey(), V2Schedule.Proof.ACK, p.t())));
    c.remember(p.keys().psk());
    return new V2Decision.Install(p.keys().psk(), c.chain.epoch(), V2Decision.Role.RESPONDER,
        p.keyId(), Duration.between(p.created(), now), reset, ack);
  }

  /** Our save failed (the caller checked {@link #saves}): nothing advances. */
  V2Decision persistFailed(String reason) {
    pending = saving; // a retried confirm may succeed once the disk recovers
    saving = null;
    c.event(V2Event.Kind.PERSIST_FAILED, pending.epoch(), null, reason);
    return reply(new V2Message.Refused(V2Message.Reason.UNAVAILABLE,
        "cannot save our state"));
  }

  /** The driver could not finish the peer's exchange {@code token}: drop it if it is current. */
  void abort(long token) {
    if (answering != null && answering.token() == token) {
      answering = null;
    }
    if (saving != null && saving.token() == token) {
      destroyKeys(saving.keys());
      saving = null;
    }
  }

  // ---------------------------------------------------------------- dropping

  void dropPending(String why) {
    if (pending != null) {
      c.event(V2Event.Kind.PENDING_DROPPED, pending.epoch(), Blob.of(pending.t()),
          "reason=\"" + why + "\"");
      destroyKeys(pending.keys());
      pending = null;
    }
  }

  /** Our own exchange advanced the chain: a repeated confirm of the last one is stale now. */
  void clearDone() {
    if (done != null) {
      done.confirmKey().destroy();
      done = null;
    }
  }
}
