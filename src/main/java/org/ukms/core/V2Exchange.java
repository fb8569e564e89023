package org.ukms.core;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ukms.crypto.MlKem;
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
 */
public final class V2Exchange {
  /** How often an initiator sends one confirm before it gives up on the exchange. */
  static final int CONFIRM_ATTEMPTS = 3;
  private static final int PSK_BYTES = 32;
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

  /** The peer's offer while we fetch its QKD key. */
  private record Answering(long token, V2Message.Offer offer, V2Chain.Basis basis) {}

  /** Our answer to the peer's offer, waiting for its confirm. */
  private record Pending(long token, V2Chain.Basis basis, long epoch, Blob chain, byte[] t,
      V2Schedule.EpochKeys keys, KeyRef keyId, Instant created) {}

  /** The last exchange we completed as responder, to acknowledge a repeated confirm again. */
  private record Done(long epochAfter, long epoch, byte[] t, Secret confirmKey) {}

  /** A responder install waiting for its state to be saved. */
  private record Saving(Pending pending) {}

  private final Settings s;
  private final InstantSource clock;
  private final Backoff backoff;
  private final SecureRandom random;
  private final V2Chain chain;
  private final List<V2Event> events = new ArrayList<>();
  private long lastToken;
  private Instant roundDue;
  private Instant expiryDue;
  private V2Chain.Basis nextBasis = V2Chain.Basis.CURRENT;
  private Own own;
  private Answering answering;
  private Pending pending;
  private Saving saving;
  private Done done;
  /** The PSK in force and when it was confirmed, for putting the saved state back. */
  private Secret inForce;
  private Instant inForceAt;

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

  // ---------------------------------------------------------------- queries

  public long epoch() {
    return chain.epoch();
  }

  /** The public ID of the current chain key (status, tests). */
  public Blob chainId() {
    return chain.chainId(V2Chain.Basis.CURRENT);
  }

  /** When the driver should call {@link #startRound()}. */
  public Instant roundDue() {
    return roundDue;
  }

  /** When the driver should call {@link #expire()}. */
  public Instant expiryDue() {
    return expiryDue;
  }

  /** Whether an own exchange is running (tests, status). */
  public boolean initiating() {
    return own != null;
  }

  /** The events since the last call, oldest first. */
  public List<V2Event> drainEvents() {
    List<V2Event> out = List.copyOf(events);
    events.clear();
    return out;
  }

  // ---------------------------------------------------------------- initiator

  /** The round timer fired: start an own exchange if nothing else runs. */
  public V2Decision startRound() {
    Instant now = clock.instant();
    if (own != null || saving != null) {
      roundDue = now.plus(s.period()); // the running exchange reschedules when it ends
      return V2Decision.NONE;
    }
    if (answering != null || pending != null
        && within(pending.created(), s.peerTimeout().multipliedBy(2), now)) {
      roundDue = now.plus(s.peerTimeout()); // we are serving the peer's exchange
      return V2Decision.NONE;
    }
    dropPending("superseded by our own round");
    V2Chain.Basis basis = nextBasis;
    own = new Own(++lastToken, basis, chain.epochOf(basis), chain.chainId(basis), now);
    roundDue = now.plus(s.period()); // a safety net; completion reschedules
    if (s.mode() != V2Schedule.Mode.PQC) {
      return new V2Decision.FetchKey(own.token);
    }
    return offer();
  }

  /** Our KME delivered the QKD key for exchange {@code token}. Takes ownership of {@code key}. */
  public V2Decision keyFetched(long token, KeyRef keyId, Secret key) {
    if (own == null || own.token != token || own.phase != Phase.FETCHING) {
      key.destroy();
      event(V2Event.Kind.KEY_DISCARDED, chain.epoch(), null, "key_id=" + keyId
          + " reason=exchange_abandoned");
      return V2Decision.NONE;
    }
    own.keyId = keyId;
    own.qkd = key;
    return offer();
  }

  /** Our KME failed for exchange {@code token}. */
  public V2Decision keyFailed(long token, String reason, boolean transientFailure) {
    if (own == null || own.token != token) {
      return V2Decision.NONE;
    }
    return fail("enc_keys", reason, transientFailure);
  }

  private V2Decision offer() {
    if (s.mode() != V2Schedule.Mode.QKD) {
      own.kem = MlKem.generate(random);
    }
    own.phase = Phase.OFFERED;
    return new V2Decision.Send(own.token, new V2Message.Offer(own.epoch, s.mode(), own.chain,
        own.keyId, own.kem == null ? null : Blob.of(own.kem.encapsulationKey())));
  }

  /** The answer (or the failure) of our request in exchange {@code token}. */
  public V2Decision answered(long token, V2Message answer) {
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
      roundDue = clock.instant().plus(s.peerTimeout().multipliedBy(2));
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
    if (!chainStillAt(own.basis, own.epoch, own.chain)) {
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
    Secret ck = chain.chainKey(own.basis);
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
    return new V2Decision.Persist(own.token, nextState(own.basis, own.keys));
  }

  /** The next state is saved: send the confirm, the point of no return. */
  private V2Decision confirm() {
    own.phase = Phase.CONFIRMING;
    own.confirm = new V2Message.Confirm(own.epoch, Blob.of(V2Schedule.prove(
        own.keys.confirmKey(), V2Schedule.Proof.INITIATOR, own.t)));
    own.confirmsSent = 1;
    event(V2Event.Kind.PROVED_INITIATOR, own.epoch, Blob.of(own.t), "");
    return new V2Decision.Send(own.token, own.confirm);
  }

  private V2Decision mismatch(V2Message.Mismatch m) {
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
    event(V2Event.Kind.EPOCH_MISMATCH, chain.epoch(), null, ours + " action="
        + (chosen == V2Chain.Basis.RESET ? "reset_chain" : "offer_from_" + chosen.name()
        .toLowerCase(java.util.Locale.ROOT)));
    endOwn();
    nextBasis = chosen;
    roundDue = clock.instant().plus(backoff.next(Backoff.Failure.TRANSIENT));
    return V2Decision.NONE;
  }

  private V2Decision confirmAnswered(V2Message answer) {
    if (answer instanceof V2Message.Ack a) {
      if (!V2Schedule.verify(own.keys.confirmKey(), V2Schedule.Proof.ACK, own.t,
          a.proof().bytes())) {
        return fail("confirm", "the ack failed verification", false);
      }
      if (!chainStillAt(own.basis, own.epoch, own.chain)) {
        // Cannot happen while we refuse everything past the point of no return; kept as a guard.
        return abandon(SPLIT_GUARD);
      }
      Own o = own;
      own = null;
      boolean reset = advance(o.basis, o.keys, o.t, V2Decision.Role.INITIATOR);
      clearDone();
      o.keys.confirmKey().destroy();
      destroyMaterial(o);
      remember(o.keys.psk());
      return new V2Decision.Install(o.keys.psk(), chain.epoch(), V2Decision.Role.INITIATOR,
          o.keyId, Duration.between(o.started, clock.instant()), reset, null);
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
    V2State back = stateInForce();
    if (back == null) {
      return fail("confirm", why, true);
    }
    own.failure = why;
    own.phase = Phase.ROLLING_BACK;
    return new V2Decision.Persist(own.token, back);
  }

  // ---------------------------------------------------------------- responder

  /** The peer offers an exchange (after its request passed authentication). */
  public V2Decision offerReceived(V2Message.Offer offer) {
    if (offer.mode() != s.mode()) {
      return reply(new V2Message.Refused(V2Message.Reason.MODE_MISMATCH, "we run mode "
          + s.mode().wireName() + ", the offer is " + offer.mode().wireName()));
    }
    boolean needsKey = s.mode() != V2Schedule.Mode.PQC;
    boolean needsKem = s.mode() != V2Schedule.Mode.QKD;
    if (needsKey != (offer.keyId() != null) || needsKem != (offer.kemEk() != null)) {
      return reply(new V2Message.Refused(V2Message.Reason.MALFORMED, "the offer lacks or has "
          + "extra material for mode " + s.mode().wireName()));
    }
    if (saving != null || own != null && (own.phase.compareTo(Phase.PREPARING) >= 0
        || s.self().compareTo(s.other()) < 0)) {
      return reply(new V2Message.Busy(s.self()));
    }
    V2Chain.Basis basis = chain.basisFor(offer.epoch(), offer.chain());
    if (basis == V2Chain.Basis.MISMATCH) {
      boolean prev = chain.bases().contains(V2Chain.Basis.PREVIOUS);
      return reply(new V2Message.Mismatch(chain.epoch(), chain.chainId(V2Chain.Basis.CURRENT),
          prev ? chain.previousEpoch() : -1, prev ? chain.chainId(V2Chain.Basis.PREVIOUS) : null));
    }
    if (own != null) {
      abandon("the peer leads this rotation");
    }
    dropPending("superseded by a newer offer");
    answering = new Answering(++lastToken, offer, basis);
    if (needsKey) {
      return new V2Decision.FetchPeerKey(answering.token(), offer.keyId());
    }
    return accept(null);
  }

  /** Our KME delivered the key the offer of {@code token} named. Takes ownership of {@code key}. */
  public V2Decision peerKeyFetched(long token, Secret key) {
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

  /** Our KME could not deliver the key the offer of {@code token} named. */
  public V2Decision peerKeyFailed(long token, String reason) {
    if (answering != null && answering.token() == token) {
      answering = null;
    }
    return reply(new V2Message.Refused(V2Message.Reason.UNAVAILABLE, "our KME failed: " + reason));
  }

  private V2Decision accept(Secret qkd) {
    Answering a = answering;
    answering = null;
    V2Message.Offer offer = a.offer();
    if (!chainStillAt(a.basis(), offer.epoch(), offer.chain())) {
      return reply(new V2Message.Refused(V2Message.Reason.NO_EXCHANGE,
          "our chain moved while we fetched the key"));
    }
    MlKem.Encapsulation enc = null;
    if (offer.kemEk() != null) {
      try {
        enc = MlKem.encapsulate(offer.kemEk().bytes(), random);
      } catch (IllegalArgumentException e) {
        return reply(new V2Message.Refused(V2Message.Reason.MALFORMED, "bad kem_ek"));
      }
    }
    byte[] t = V2Schedule.transcript(s.other(), s.self(), offer.epoch(), s.mode(),
        offer.keyId() == null ? null : offer.keyId().value(),
        offer.kemEk() == null ? null : offer.kemEk().bytes(),
        enc == null ? null : enc.ciphertext());
    Secret ck = chain.chainKey(a.basis());
    V2Schedule.EpochKeys keys = V2Schedule.derive(ck, qkd, enc == null ? null
        : enc.sharedSecret(), t);
    ck.destroy();
    if (enc != null) {
      enc.sharedSecret().destroy();
    }
    pending = new Pending(a.token(), a.basis(), offer.epoch(), offer.chain(), t, keys,
        offer.keyId(), clock.instant());
    event(V2Event.Kind.PROVED_RESPONDER, offer.epoch(), Blob.of(t), "basis="
        + a.basis().name().toLowerCase(java.util.Locale.ROOT));
    return reply(new V2Message.Accept(offer.epoch(), enc == null ? null
        : Blob.of(enc.ciphertext()), Blob.of(V2Schedule.prove(keys.confirmKey(),
        V2Schedule.Proof.RESPONDER, t))));
  }

  /** The peer confirms (after its request passed authentication). */
  public V2Decision confirmReceived(V2Message.Confirm confirm) {
    if (done != null && done.epoch() == confirm.epoch() && V2Schedule.verify(done.confirmKey(),
        V2Schedule.Proof.INITIATOR, done.t(), confirm.proof().bytes())) {
      return reply(new V2Message.Ack(done.epochAfter(), Blob.of(V2Schedule.prove(
          done.confirmKey(), V2Schedule.Proof.ACK, done.t()))));
    }
    if (own != null || saving != null) {
      return reply(new V2Message.Refused(V2Message.Reason.NO_EXCHANGE,
          "our own exchange is running"));
    }
    if (pending == null || pending.epoch() != confirm.epoch()) {
      return reply(new V2Message.Refused(V2Message.Reason.NO_EXCHANGE,
          "no pending exchange at epoch " + confirm.epoch()));
    }
    if (!chainStillAt(pending.basis(), pending.epoch(), pending.chain())) {
      dropPending("our chain moved");
      return reply(new V2Message.Refused(V2Message.Reason.NO_EXCHANGE, "stale exchange"));
    }
    if (!V2Schedule.verify(pending.keys().confirmKey(), V2Schedule.Proof.INITIATOR, pending.t(),
        confirm.proof().bytes())) {
      // Not from this exchange (an old confirm): the real one may still come.
      return reply(new V2Message.Refused(V2Message.Reason.BAD_PROOF,
          "key confirmation failed"));
    }
    saving = new Saving(pending);
    pending = null;
    return new V2Decision.Persist(saving.pending().token(),
        nextState(saving.pending().basis(), saving.pending().keys()));
  }

  // ---------------------------------------------------------------- installing

  /** The state of {@link V2Decision.Persist} {@code token} is saved: advance and install. */
  public V2Decision persisted(long token) {
    Instant now = clock.instant();
    if (saving != null && saving.pending().token() == token) {
      Pending p = saving.pending();
      saving = null;
      boolean reset = advance(p.basis(), p.keys(), p.t(), V2Decision.Role.RESPONDER);
      if (done != null) {
        done.confirmKey().destroy();
      }
      done = new Done(chain.epoch(), p.epoch(), p.t(), p.keys().confirmKey());
      V2Message ack = new V2Message.Ack(chain.epoch(), Blob.of(V2Schedule.prove(
          p.keys().confirmKey(), V2Schedule.Proof.ACK, p.t())));
      remember(p.keys().psk());
      return new V2Decision.Install(p.keys().psk(), chain.epoch(), V2Decision.Role.RESPONDER,
          p.keyId(), Duration.between(p.created(), now), reset, ack);
    }
    if (own != null && own.token == token && own.phase == Phase.PREPARING) {
      return confirm();
    }
    if (own != null && own.token == token && own.phase == Phase.ROLLING_BACK) {
      return fail("confirm", own.failure, true);
    }
    throw new IllegalStateException("no save in progress for token " + token);
  }

  /** The state of {@link V2Decision.Persist} {@code token} could not be saved: nothing advances. */
  public V2Decision persistFailed(long token, String reason) {
    if (saving != null && saving.pending().token() == token) {
      pending = saving.pending(); // a retried confirm may succeed once the disk recovers
      saving = null;
      event(V2Event.Kind.PERSIST_FAILED, pending.epoch(), null, reason);
      return reply(new V2Message.Refused(V2Message.Reason.UNAVAILABLE,
          "cannot save our state"));
    }
    if (own != null && own.token == token && own.phase == Phase.PREPARING) {
      event(V2Event.Kind.PERSIST_FAILED, own.epoch, null, reason);
      return fail("save", reason, true); // nothing was sent: the peer installs nothing either
    }
    if (own != null && own.token == token && own.phase == Phase.ROLLING_BACK) {
      // The prepared state stays on disk; after a restart the chain IDs sort it out.
      event(V2Event.Kind.PERSIST_FAILED, own.epoch, null, reason);
      return fail("confirm", own.failure, true);
    }
    throw new IllegalStateException("no save in progress for token " + token);
  }

  /**
   * The driver could not finish exchange {@code token} (an unexpected error): drop it and retry
   * with backoff. A no-op for a token that is no longer current.
   */
  public V2Decision abort(long token, String reason) {
    if (own != null && own.token == token) {
      return fail("internal", reason, true);
    }
    if (answering != null && answering.token() == token) {
      answering = null;
    }
    if (saving != null && saving.pending().token() == token) {
      destroyKeys(saving.pending().keys());
      saving = null;
    }
    return V2Decision.NONE;
  }

  // ---------------------------------------------------------------- expiry

  /** The expiry timer fired: fail closed if no rotation was confirmed for the PSK lifetime. */
  public V2Decision expire() {
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

  // ---------------------------------------------------------------- helpers

  /** The state in force, to save again after a prepared one was not used; null without a PSK. */
  private V2State stateInForce() {
    if (inForce == null) {
      return null;
    }
    return new V2State(chain.epoch(), chain.currentChainKey(), chain.previousEpoch(),
        chain.previousChainKey(), Secret.copyOf(inForce.reveal()), inForceAt);
  }

  private void remember(Secret psk) {
    if (inForce != null) {
      inForce.destroy();
    }
    inForce = Secret.copyOf(psk.reveal());
    inForceAt = clock.instant();
  }

  private V2State nextState(V2Chain.Basis basis, V2Schedule.EpochKeys keys) {
    long from = chain.epochOf(basis);
    return new V2State(from + 1, Secret.copyOf(keys.nextChainKey().reveal()), from,
        chain.chainKey(basis), Secret.copyOf(keys.psk().reveal()), clock.instant());
  }

  /** Advances the chain for a completed exchange; returns whether it was a reset. */
  private boolean advance(V2Chain.Basis basis, V2Schedule.EpochKeys keys, byte[] t,
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

  /**
   * Whether we initiate the exchange from {@code epoch}: the two sides alternate, so their timers
   * do not collide; the other side waits {@link #followerDelay()} longer and takes over if we
   * are gone.
   */
  /** How much later than the leader the other side's timer runs: 2 × peer timeout, ≤ period / 2. */
  private Duration followerDelay() {
    Duration d = s.peerTimeout().multipliedBy(2);
    Duration half = s.period().dividedBy(2);
    return d.compareTo(half) < 0 ? d : half;
  }

  boolean leads(long epoch) {
    return (epoch % 2 == 0) == (s.self().compareTo(s.other()) < 0);
  }

  /**
   * Whether {@code now} lies in [{@code since}, {@code since + span}): a timestamp from the
   * future (the clock stepped back) counts as old, so a clock step never freezes the pair.
   */
  private static boolean within(Instant since, Duration span, Instant now) {
    return !now.isBefore(since) && now.isBefore(since.plus(span));
  }

  private boolean chainStillAt(V2Chain.Basis basis, long epoch, Blob chainId) {
    return chain.bases().contains(basis) && chain.epochOf(basis) == epoch
        && chain.chainId(basis).equals(chainId);
  }

  private V2Decision fail(String step, String reason, boolean transientFailure) {
    long epoch = own == null ? chain.epoch() : own.epoch;
    endOwn();
    java.time.Duration delay = backoff.next(transientFailure ? Backoff.Failure.TRANSIENT
        : Backoff.Failure.REJECTED);
    roundDue = clock.instant().plus(delay);
    event(V2Event.Kind.FAILED, epoch, null, "step=" + step + " error=\"" + reason
        + "\" retry_in_ms=" + delay.toMillis());
    return V2Decision.NONE;
  }

  private V2Decision abandon(String why) {
    event(V2Event.Kind.ABANDONED, own.epoch, own.t == null ? null : Blob.of(own.t),
        "reason=\"" + why + "\"");
    endOwn();
    roundDue = clock.instant().plus(s.period());
    return V2Decision.NONE;
  }

  private void endOwn() {
    if (own != null) {
      if (own.qkd != null && own.phase.compareTo(Phase.OFFERED) <= 0) {
        event(V2Event.Kind.KEY_DISCARDED, own.epoch, null, "key_id=" + own.keyId
            + " reason=exchange_ended_before_confirm");
      }
      destroyMaterial(own);
      if (own.keys != null) {
        destroyKeys(own.keys);
      }
      own = null;
    }
  }

  private void dropPending(String why) {
    if (pending != null) {
      event(V2Event.Kind.PENDING_DROPPED, pending.epoch(), Blob.of(pending.t()),
          "reason=\"" + why + "\"");
      destroyKeys(pending.keys());
      pending = null;
    }
  }

  private void clearDone() {
    if (done != null) {
      done.confirmKey().destroy();
      done = null;
    }
  }

  private static void destroyMaterial(Own o) {
    if (o.qkd != null) {
      o.qkd.destroy();
      o.qkd = null;
    }
    o.kem = null;
  }

  private static void destroyKeys(V2Schedule.EpochKeys keys) {
    keys.nextChainKey().destroy();
    keys.psk().destroy();
    keys.confirmKey().destroy();
  }

  private static V2Decision reply(V2Message answer) {
    return new V2Decision.Reply(answer);
  }

  private void event(V2Event.Kind kind, long epoch, Blob t, String detail) {
    events.add(new V2Event(kind, epoch, t, detail));
  }

  @Override
  public String toString() {
    return "V2Exchange[" + s.self() + "→" + s.other() + " epoch " + chain.epoch() + "]";
  }
}
