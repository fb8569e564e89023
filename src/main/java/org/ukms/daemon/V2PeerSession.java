package org.ukms.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import org.ukms.config.PeerConfig;
import org.ukms.config.V2Settings;
import org.ukms.core.Backoff;
import org.ukms.core.KeyId;
import org.ukms.core.V2Chain;
import org.ukms.core.V2Schedule;
import org.ukms.crypto.Fingerprint;
import org.ukms.crypto.MlKem;
import org.ukms.crypto.Secret;
import org.ukms.kme.DeliveredKey;
import org.ukms.kme.KmeClient;
import org.ukms.kme.KmeException;
import org.ukms.kme.KmeProtocolException;
import org.ukms.peer.OkHttpV2Client;
import org.ukms.peer.PeerException;
import org.ukms.peer.V2Auth;
import org.ukms.peer.V2Responder;
import org.ukms.sink.ChainStateFile;
import org.ukms.sink.PskSink;
import org.ukms.sink.SinkException;

/**
 * One peer under protocol v2 (docs/PROTOCOL.md sections 5 and 6): initiates an exchange when
 * its timer fires, answers the peer's offers and confirmations, installs a PSK only after both
 * sides proved they know it, persists the chain before the PSK, and fails closed when no
 * rotation is confirmed for the PSK lifetime. One lock guards the chain and the pending
 * exchange; no network call is made while holding it.
 */
final class V2PeerSession {
  private static final System.Logger logger = System.getLogger("org.ukms.rotation");
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final PeerConfig peer;
  private final V2Settings settings;
  private final InstantSource clock;
  private final Scheduler scheduler;
  private final Backoff backoff;
  private final KmeClient kme;
  private final OkHttpV2Client client;
  private final V2Auth auth;
  private final PskSink sink;
  private final ChainStateFile state;
  private final RotationStats stats;
  private final InstallListener listener;
  private final SecureRandom random;
  private final ObjectMapper mapper = new ObjectMapper();
  private final String self;
  private final String other;
  private final Object lock = new Object();

  private final V2Chain chain;
  private boolean inFlight;
  private boolean confirming;
  private boolean abandonOwn;
  /** Which chain key our next offer runs from: CURRENT, or after a mismatch PREVIOUS or RESET. */
  private V2Chain.Basis nextBasis = V2Chain.Basis.CURRENT;
  private boolean closed;
  private Instant lastConfirmed;
  private Pending pending;
  private Done done;
  private Scheduler.Cancellable next;
  private Scheduler.Cancellable expiry;

  /** The responder's half-done exchange, waiting for the initiator's confirmation. */
  private record Pending(V2Chain.Basis basis, long epoch, byte[] t, V2Schedule.EpochKeys keys,
      KeyId keyId, Instant created) {}

  /** The last exchange this side completed as responder, to re-acknowledge a repeated confirm. */
  private record Done(long epoch, byte[] t, Secret confirmKey) {}

  V2PeerSession(PeerConfig peer, InstantSource clock, Scheduler scheduler, Backoff backoff,
      KmeClient kme, OkHttpV2Client client, V2Auth auth, V2Chain chain, PskSink sink,
      ChainStateFile state, RotationStats stats, InstallListener listener, SecureRandom random) {
    this.peer = peer;
    this.settings = peer.v2();
    this.clock = clock;
    this.scheduler = scheduler;
    this.backoff = backoff;
    this.kme = kme;
    this.client = client;
    this.auth = auth;
    this.chain = chain;
    this.sink = sink;
    this.state = state;
    this.stats = stats;
    this.listener = listener;
    this.random = random;
    this.self = peer.sourceKmeId();
    this.other = peer.id();
    this.lastConfirmed = clock.instant();
  }

  V2Auth auth() {
    return auth;
  }

  long epoch() {
    synchronized (lock) {
      return chain.epoch();
    }
  }

  void start() {
    synchronized (lock) {
      scheduleRoundLocked(clock.instant());
      scheduleExpiryLocked();
    }
  }

  void close() {
    synchronized (lock) {
      closed = true;
      if (next != null) {
        next.cancel();
      }
      if (expiry != null) {
        expiry.cancel();
      }
    }
  }

  /** One exchange as initiator. */
  void round() {
    long epoch;
    V2Chain.Basis basis;
    Secret chainKey;
    synchronized (lock) {
      if (closed || inFlight) {
        return;
      }
      if (pending != null && clock.instant().isBefore(
          pending.created().plus(peer.peerTimeout().multipliedBy(2)))) {
        // We are answering the peer's exchange: never run two exchanges at once.
        scheduleRoundLocked(clock.instant().plus(peer.peerTimeout()));
        return;
      }
      inFlight = true;
      abandonOwn = false;
      basis = nextBasis;
      if (basis == V2Chain.Basis.PREVIOUS && chain.previousEpoch() < 0) {
        basis = V2Chain.Basis.RESET;
      }
      epoch = chain.epochOf(basis);
      chainKey = chain.chainKey(basis);
    }
    Instant started = clock.instant();
    V2Schedule.Mode mode = settings.mode();
    String step = "enc_keys";
    DeliveredKey qkd = null;
    try {
      if (mode != V2Schedule.Mode.PQC) {
        qkd = kme.encKeys(peer.slaveSaeId(), 1, 256).get(0);
      }
      MlKem.KeyPair kem = mode != V2Schedule.Mode.QKD ? MlKem.generate(random) : null;
      ObjectNode offer = mapper.createObjectNode().put("epoch", epoch)
          .put("mode", mode.wireName());
      if (qkd != null) {
        offer.put("key_ID", qkd.id().value());
      }
      if (kem != null) {
        offer.put("kem_ek", B64.encodeToString(kem.encapsulationKey()));
      }
      step = "offer";
      OkHttpV2Client.Reply reply = client.post(peer.ukmsUrl(), "offer", auth, offer.toString(),
          peer.peerTimeout());
      if (reply.status() == 409) {
        conflict(reply.body());
        return;
      }
      if (reply.status() != 200) {
        throw new ExchangeFailed("offer answered " + reply.status(), reply.status() >= 500);
      }
      byte[] ct = kem == null ? null : bytes(reply.body(), "kem_ct");
      Secret ss = kem == null ? null : kem.decapsulate(ct);
      byte[] t = V2Schedule.transcript(self, other, epoch, mode,
          qkd == null ? null : qkd.id().value(), kem == null ? null : kem.encapsulationKey(), ct);
      V2Schedule.EpochKeys keys = V2Schedule.derive(chainKey, qkd == null ? null : qkd.key(),
          ss, t);
      if (!V2Schedule.verify(keys.confirmKey(), V2Schedule.Proof.RESPONDER, t,
          bytes(reply.body(), "confirm"))) {
        throw new ExchangeFailed("the peer's key confirmation failed", false);
      }
      if (!commitToConfirm()) {
        return;
      }
      step = "confirm";
      String confirm = mapper.createObjectNode().put("epoch", epoch).put("confirm",
          B64.encodeToString(V2Schedule.prove(keys.confirmKey(), V2Schedule.Proof.INITIATOR, t)))
          .toString();
      OkHttpV2Client.Reply ack = confirmWithRetry(confirm);
      if (ack.status() != 200 || !V2Schedule.verify(keys.confirmKey(), V2Schedule.Proof.ACK, t,
          bytes(ack.body(), "ack"))) {
        throw new ExchangeFailed("confirm answered " + ack.status() + " without a valid ack",
            false);
      }
      synchronized (lock) {
        if (chain.epochOf(basis) != epoch) {
          throw new ExchangeFailed("the chain moved during our exchange; not installing", true);
        }
        install(basis, keys, qkd == null ? null : qkd.id(), started, "initiator");
        inFlight = false;
        confirming = false;
        nextBasis = V2Chain.Basis.CURRENT;
        backoff.reset();
        scheduleRoundLocked(clock.instant().plus(peer.rotationPeriod()));
      }
    } catch (PeerException e) {
      failed(step, e.getMessage(), e.isTransient());
    } catch (KmeException e) {
      failed(step, e.getMessage(), e.isTransient());
    } catch (ExchangeFailed e) {
      failed(step, e.getMessage(), e.transientFailure);
    } catch (KmeProtocolException | IllegalArgumentException e) {
      failed(step, e.getMessage(), true);
    } finally {
      chainKey.destroy();
      if (qkd != null) {
        qkd.key().destroy();
      }
    }
  }

  /**
   * The point of no return: once we send our confirmation the peer may install, so we must too,
   * and we answer no other offer until this exchange ends. Returns false (and ends the round)
   * when we already answered the peer's offer during our round: the peer leads this rotation.
   */
  private boolean commitToConfirm() {
    synchronized (lock) {
      if (abandonOwn) {
        abandonOwn = false;
        inFlight = false;
        scheduleRoundLocked(clock.instant().plus(peer.rotationPeriod()));
        return false;
      }
      confirming = true;
      return true;
    }
  }

  /** Resends a lost confirmation: the responder acknowledges a repeated one again. */
  private OkHttpV2Client.Reply confirmWithRetry(String confirm) throws PeerException {
    PeerException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return client.post(peer.ukmsUrl(), "confirm", auth, confirm, peer.peerTimeout());
      } catch (PeerException e) {
        if (!e.isTransient()) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }

  private void conflict(JsonNode body) {
    synchronized (lock) {
      inFlight = false;
      confirming = false;
      if (body.has("epoch")) {
        long theirs = body.path("epoch").asLong();
        // The peer missed our last install (it restarted from older state): run from our
        // previous chain key, as the peer does. Anything else: reset (the peer lost its state).
        nextBasis = theirs == chain.previousEpoch() ? V2Chain.Basis.PREVIOUS : V2Chain.Basis.RESET;
        logger.log(System.Logger.Level.WARNING, "peer=" + other + " event=epoch_mismatch ours="
            + chain.epoch() + " theirs=" + theirs + " action="
            + (nextBasis == V2Chain.Basis.PREVIOUS ? "offer_from_previous" : "reset_chain")
            + "_next_round");
        scheduleRoundLocked(clock.instant());
      } else {
        // Both initiated; the peer (smaller ID) leads this rotation, ours waits a period.
        scheduleRoundLocked(clock.instant().plus(peer.rotationPeriod()));
      }
    }
  }

  /** The peer offers an exchange: answer with our material and proof, install nothing yet. */
  V2Responder.Answer offer(JsonNode body) {
    long epoch = body.path("epoch").asLong(-1);
    V2Schedule.Mode mode = settings.mode();
    if (epoch < 0 || !mode.wireName().equals(body.path("mode").asText())) {
      return answer(400, mapper.createObjectNode().put("error", "expected epoch and mode "
          + mode.wireName()));
    }
    V2Chain.Basis basis;
    Secret chainKey;
    synchronized (lock) {
      if (inFlight && (confirming || self.compareTo(other) < 0)) {
        return answer(409, mapper.createObjectNode().put("initiator", self));
      }
      if (inFlight) {
        abandonOwn = true; // the peer (smaller ID) leads; our own round stops before confirming
      }
      basis = chain.basisFor(epoch);
      if (basis == V2Chain.Basis.MISMATCH) {
        return answer(409, mapper.createObjectNode().put("epoch", chain.epoch()));
      }
      chainKey = chain.chainKey(basis);
    }
    Secret kq = null;
    MlKem.Encapsulation enc = null;
    KeyId keyId = null;
    byte[] ek = null;
    try {
      if (mode != V2Schedule.Mode.PQC) {
        keyId = new KeyId(body.path("key_ID").asText());
        kq = kme.decKeys(peer.slaveSaeId(), List.of(keyId)).get(0).key();
      }
      if (mode != V2Schedule.Mode.QKD) {
        ek = bytes(body, "kem_ek");
        enc = MlKem.encapsulate(ek, random);
      }
      byte[] t = V2Schedule.transcript(other, self, epoch, mode,
          keyId == null ? null : keyId.value(), ek, enc == null ? null : enc.ciphertext());
      V2Schedule.EpochKeys keys = V2Schedule.derive(chainKey, kq,
          enc == null ? null : enc.sharedSecret(), t);
      synchronized (lock) {
        if (pending != null) {
          destroy(pending.keys());
        }
        pending = new Pending(basis, chain.epochOf(basis), t, keys, keyId, clock.instant());
      }
      if (basis == V2Chain.Basis.RESET) {
        logger.log(System.Logger.Level.WARNING, "peer=" + other
            + " event=chain_reset reason=peer_lost_state");
      }
      ObjectNode out = mapper.createObjectNode().put("epoch", epoch).put("confirm",
          B64.encodeToString(V2Schedule.prove(keys.confirmKey(), V2Schedule.Proof.RESPONDER, t)));
      if (enc != null) {
        out.put("kem_ct", B64.encodeToString(enc.ciphertext()));
      }
      return answer(200, out);
    } catch (KmeException | KmeProtocolException e) {
      logger.log(System.Logger.Level.WARNING, "peer=" + other
          + " result=failed step=dec_keys error=\"" + e.getMessage() + "\"");
      return answer(503, mapper.createObjectNode().put("error", "our KME failed"));
    } catch (IllegalArgumentException e) {
      return answer(400, mapper.createObjectNode().put("error", "malformed offer"));
    } finally {
      chainKey.destroy();
      if (kq != null) {
        kq.destroy();
      }
    }
  }

  /** The initiator proves it knows the PSK: install, then acknowledge. */
  V2Responder.Answer confirm(JsonNode body) {
    long epoch = body.path("epoch").asLong(-1);
    byte[] proof;
    try {
      proof = bytes(body, "confirm");
    } catch (IllegalArgumentException e) {
      return answer(400, mapper.createObjectNode().put("error", "malformed confirm"));
    }
    synchronized (lock) {
      if (done != null && done.epoch() == epoch
          && V2Schedule.verify(done.confirmKey(), V2Schedule.Proof.INITIATOR, done.t(), proof)) {
        return ack(done.confirmKey(), done.t());
      }
      if (pending == null || pending.epoch() != epoch) {
        return answer(409, mapper.createObjectNode().put("error", "no pending exchange"));
      }
      Pending p = pending;
      pending = null;
      if (chain.basisFor(p.epoch()) == V2Chain.Basis.MISMATCH
          || chain.epochOf(p.basis()) != p.epoch()) {
        destroy(p.keys());
        return answer(409, mapper.createObjectNode().put("error", "stale exchange"));
      }
      if (!V2Schedule.verify(p.keys().confirmKey(), V2Schedule.Proof.INITIATOR, p.t(), proof)) {
        destroy(p.keys());
        return answer(400, mapper.createObjectNode().put("error", "key confirmation failed"));
      }
      Secret kc = Secret.copyOf(p.keys().confirmKey().reveal());
      install(p.basis(), p.keys(), p.keyId(), clock.instant(), "responder");
      if (done != null) {
        done.confirmKey().destroy();
      }
      done = new Done(epoch, p.t(), kc);
      scheduleRoundLocked(clock.instant().plus(peer.rotationPeriod()));
      return ack(kc, p.t());
    }
  }

  private V2Responder.Answer ack(Secret kc, byte[] t) {
    return answer(200, mapper.createObjectNode().put("epoch", chain.epoch()).put("ack",
        B64.encodeToString(V2Schedule.prove(kc, V2Schedule.Proof.ACK, t))));
  }

  /** Chain first, then the PSK: a crash between them replays the exchange from PREVIOUS. */
  private void install(V2Chain.Basis basis, V2Schedule.EpochKeys keys, KeyId keyId,
      Instant started, String role) {
    chain.advance(basis, keys.nextChainKey());
    String fingerprint = Fingerprint.of(keys.psk());
    try {
      Secret current = chain.currentChainKey();
      Secret previous = chain.previousChainKey();
      state.save(new ChainStateFile.State(chain.epoch(), current, chain.previousEpoch(),
          previous, keys.psk(), clock.instant()));
      current.destroy();
      if (previous != null) {
        previous.destroy();
      }
      sink.install(keys.psk());
      lastConfirmed = clock.instant();
      stats.roundCompleted(other);
      stats.installed(other, keyId, keyId, fingerprint);
      logger.log(System.Logger.Level.INFO, "peer=" + other + " result=installed protocol=v2 "
          + "role=" + role + " epoch=" + chain.epoch() + " mode=" + settings.mode().wireName()
          + (keyId == null ? "" : " key_id=" + keyId) + " duration_ms="
          + Duration.between(started, clock.instant()).toMillis() + " psk_fingerprint="
          + fingerprint);
      listener.installed(other, chain.epoch(), keyId == null ? List.of() : List.of(keyId));
    } catch (IOException | SinkException e) {
      stats.failed(other);
      logger.log(System.Logger.Level.ERROR, "peer=" + other + " result=install_failed error=\""
          + e.getMessage() + "\"");
    } finally {
      keys.psk().destroy();
      keys.confirmKey().destroy();
    }
  }

  private void failed(String step, String message, boolean transientFailure) {
    synchronized (lock) {
      inFlight = false;
      confirming = false;
      Duration delay = backoff.next(transientFailure ? Backoff.Failure.TRANSIENT
          : Backoff.Failure.REJECTED);
      stats.failed(other);
      logger.log(System.Logger.Level.WARNING, "peer=" + other + " result=failed protocol=v2 step="
          + step + " error=\"" + message + "\" retry_in_ms=" + delay.toMillis());
      scheduleRoundLocked(clock.instant().plus(delay));
    }
  }

  /** Fail closed: no confirmed rotation for the PSK lifetime replaces the PSK with noise. */
  private void expire() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      Instant deadline = lastConfirmed.plus(settings.pskLifetime());
      if (!clock.instant().isBefore(deadline)) {
        if (settings.keepOnExpiry()) {
          logger.log(System.Logger.Level.WARNING, "peer=" + other + " result=stale action=keep");
        } else {
          byte[] raw = new byte[32];
          random.nextBytes(raw);
          Secret noise = Secret.copyOf(raw);
          java.util.Arrays.fill(raw, (byte) 0);
          try {
            sink.install(noise);
            logger.log(System.Logger.Level.WARNING, "peer=" + other + " result=stale "
                + "action=random_psk reason=no_confirmed_rotation_for_"
                + settings.pskLifetime().toSeconds() + "s");
          } catch (SinkException e) {
            logger.log(System.Logger.Level.ERROR, "peer=" + other + " result=stale "
                + "install_failed error=\"" + e.getMessage() + "\"");
          } finally {
            noise.destroy();
          }
        }
        lastConfirmed = clock.instant();
      }
      scheduleExpiryLocked();
    }
  }

  private void scheduleRoundLocked(Instant at) {
    if (closed) {
      return;
    }
    if (next != null) {
      next.cancel();
    }
    next = scheduler.schedule(at, this::round);
  }

  private void scheduleExpiryLocked() {
    if (closed) {
      return;
    }
    if (expiry != null) {
      expiry.cancel();
    }
    expiry = scheduler.schedule(lastConfirmed.plus(settings.pskLifetime()), this::expire);
  }

  private V2Responder.Answer answer(int status, ObjectNode body) {
    return new V2Responder.Answer(status, body.toString());
  }

  private static byte[] bytes(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return B64D.decode(v.asText());
  }

  private static void destroy(V2Schedule.EpochKeys keys) {
    keys.nextChainKey().destroy();
    keys.psk().destroy();
    keys.confirmKey().destroy();
  }

  /** An exchange step that failed on its own terms (not I/O). */
  private static final class ExchangeFailed extends Exception {
    final boolean transientFailure;

    ExchangeFailed(String message, boolean transientFailure) {
      super(message, null, false, false);
      this.transientFailure = transientFailure;
    }
  }
}
