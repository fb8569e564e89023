package org.ukms.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import org.ukms.config.PeerConfig;
import org.ukms.core.KeySource;
import org.ukms.core.KeySourceException;
import org.ukms.core.V2Decision;
import org.ukms.core.V2Event;
import org.ukms.core.V2Exchange;
import org.ukms.core.V2Message;
import org.ukms.core.V2State;
import org.ukms.crypto.Secret;
import org.ukms.http.InFlight;
import org.ukms.peer.V2Auth;
import org.ukms.peer.V2Codec;
import org.ukms.peer.V2Responder;
import org.ukms.peer.V2Transport;
import org.ukms.sink.ChainStateFile;
import org.ukms.sink.PskSink;

/**
 * Drives one peer's v2 core ({@link V2Exchange}): runs its timers, carries out its decisions
 * (KME calls, requests to the peer, saving the state, installing the PSK) and feeds the outcomes
 * back. The core is called under one lock; network and KME calls run outside it. Saving the
 * state and installing run under the lock, in the same step as the core call that asked for them,
 * so no other event can slip between a save and its install.
 */
final class V2PeerSession implements PeerSession {
  private static final System.Logger logger = System.getLogger("org.ukms.rotation");

  private final PeerConfig peer;
  private final V2Exchange core;
  private final KeySource keys;
  private final V2Transport transport;
  private final V2Auth auth;
  private final V2PskOutputs outputs;
  private final ChainStateFile state;
  private final RotationStats stats;
  private final String other;
  private final Object lock = new Object();

  private final java.time.InstantSource clock;
  private final InFlight inFlight = new InFlight();
  private boolean closed;
  private Instant lastConfirmed;
  private String fingerprint;
  private String lastError;
  private long failures;
  private final CoreTimer roundTimer;
  private final CoreTimer expiryTimer;

  /**
   * {@code confirmedAt} and {@code fingerprint} describe the PSK in force from the saved state
   * (both null without one); {@code clock} stamps later confirmations for {@link #status()}.
   */
  V2PeerSession(PeerConfig peer, V2Exchange core, Scheduler scheduler,
      KeySource keys, V2Transport transport, V2Auth auth, PskSink sink, ChainStateFile state,
      RotationStats stats, InstallListener listener, java.time.InstantSource clock,
      Instant confirmedAt, String fingerprint) {
    this.clock = clock;
    this.roundTimer = new CoreTimer(scheduler);
    this.expiryTimer = new CoreTimer(scheduler);
    this.lastConfirmed = confirmedAt;
    this.fingerprint = fingerprint;
    this.peer = peer;
    this.core = core;
    this.keys = keys;
    this.transport = transport;
    this.auth = auth;
    this.outputs = new V2PskOutputs(peer, sink, stats, listener);
    this.state = state;
    this.stats = stats;
    this.other = peer.id();
  }

  V2Auth auth() {
    return auth;
  }

  /**
   * The peer's key source for SKIP's key sync (null in pqc mode): its calls count as in flight,
   * so {@link #close()} closes the source only after them (see {@link SkipKeySource}).
   */
  KeySource keySourceForSkip() {
    return keys == null ? null : new SkipKeySource(keys, inFlight, () -> {
      synchronized (lock) {
        return closed;
      }
    }, other);
  }

  PeerConfig config() {
    return peer;
  }

  long epoch() {
    synchronized (lock) {
      return core.epoch();
    }
  }

  org.ukms.core.Blob chainId() {
    synchronized (lock) {
      return core.chainId();
    }
  }

  @Override
  public String id() {
    return other;
  }

  @Override
  public void start() {
    synchronized (lock) {
      timers();
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      roundTimer.cancel();
      expiryTimer.cancel();
    }
    inFlight.whenIdle(() -> { // a running round still installs its PSK everywhere
      outputs.close();
      if (keys != null) {
        keys.close();
      }
    });
  }

  @Override
  public boolean awaitIdle(java.time.Duration timeout) throws InterruptedException {
    return inFlight.awaitIdle(timeout);
  }

  @Override
  public PeerStatus status() {
    synchronized (lock) {
      return new PeerStatus(other, peer.alias(), "v2", peer.v2().mode().wireName(),
          peer.keySourceName(),
          core.epoch(), lastConfirmed,
          peer.v2().pskLifetime(), fingerprint, failures, lastError,
          closed ? null : core.roundDue(), null, peer.outputs().wireguard(), stats.of(other));
    }
  }

  /** One exchange as initiator, on the calling thread (a worker). */
  void round() {
    inFlight.during(() -> {
      roundInFlight();
      return null;
    });
  }

  private void roundInFlight() {
    V2Decision d;
    synchronized (lock) {
      if (closed) {
        return;
      }
      roundTimer.fired();
      d = step(core.startRound());
    }
    long token = -1;
    try {
      while (d instanceof V2Decision.FetchKey || d instanceof V2Decision.Send) {
        if (d instanceof V2Decision.FetchKey f) {
          token = f.token();
          d = fetchKey(f);
        } else {
          V2Decision.Send s = (V2Decision.Send) d;
          token = s.token();
          V2Message answer = transport.send(s.request());
          synchronized (lock) {
            d = step(core.answered(s.token(), answer));
          }
        }
      }
    } catch (RuntimeException e) {
      // A bug must not leave the peer without rotations: drop the exchange and retry later.
      logger.log(System.Logger.Level.ERROR, "peer=" + other + " result=failed protocol=v2 "
          + "step=internal error=\"" + e + "\"", e);
      synchronized (lock) {
        step(core.abort(token, e.toString()));
      }
    }
  }

  private V2Decision fetchKey(V2Decision.FetchKey f) {
    try {
      KeySource.Delivered key = keys.fresh();
      synchronized (lock) {
        return step(core.keyFetched(f.token(), key.ref(), key.key()));
      }
    } catch (KeySourceException e) {
      synchronized (lock) {
        return step(core.keyFailed(f.token(), e.getMessage(), e.isTransient()));
      }
    }
  }

  /** The peer offers an exchange. */
  V2Responder.Answer offer(JsonNode body) {
    return serving(() -> offerInFlight(body));
  }

  /**
   * Serves one peer request, counted in {@link #awaitIdle}; a closed session (its peer is being
   * restarted by a reload) answers "try again soon".
   */
  private V2Responder.Answer serving(java.util.function.Supplier<V2Responder.Answer> request) {
    return inFlight.during(() -> {
      synchronized (lock) {
        if (closed) {
          return answer(new V2Decision.Reply(new V2Message.Refused(
              V2Message.Reason.UNAVAILABLE, "this peer's session is restarting")));
        }
      }
      return request.get();
    });
  }

  private V2Responder.Answer offerInFlight(JsonNode body) {
    V2Message.Offer offer;
    try {
      offer = V2Codec.decodeOffer(body);
    } catch (IllegalArgumentException e) {
      return answer(new V2Decision.Reply(new V2Message.Refused(V2Message.Reason.MALFORMED,
          "malformed offer: " + e.getMessage())));
    }
    V2Decision d;
    synchronized (lock) {
      d = step(core.offerReceived(offer));
    }
    if (d instanceof V2Decision.FetchPeerKey f) {
      try {
        Secret key = keys.fetch(f.keyId());
        synchronized (lock) {
          d = step(core.peerKeyFetched(f.token(), key));
        }
      } catch (KeySourceException e) {
        logger.log(System.Logger.Level.WARNING, "peer=" + other
            + " result=failed protocol=v2 step=fetch_key error=\"" + e.getMessage() + "\"");
        synchronized (lock) {
          d = step(core.peerKeyFailed(f.token(), e.getMessage()));
        }
      } catch (RuntimeException e) {
        synchronized (lock) {
          step(core.abort(f.token(), e.toString()));
        }
        throw e;
      }
    }
    return answer(d);
  }

  /** The peer confirms its exchange. */
  V2Responder.Answer confirm(JsonNode body) {
    return serving(() -> confirmInFlight(body));
  }

  private V2Responder.Answer confirmInFlight(JsonNode body) {
    V2Message.Confirm confirm;
    try {
      confirm = V2Codec.decodeConfirm(body);
    } catch (IllegalArgumentException e) {
      return answer(new V2Decision.Reply(new V2Message.Refused(V2Message.Reason.MALFORMED,
          "malformed confirm: " + e.getMessage())));
    }
    synchronized (lock) {
      return answer(step(core.confirmReceived(confirm)));
    }
  }

  private static V2Responder.Answer answer(V2Decision d) {
    if (!(d instanceof V2Decision.Reply r)) {
      throw new IllegalStateException("the core gave no answer: " + d);
    }
    V2Codec.Encoded e = V2Codec.encodeAnswer(r.answer());
    return new V2Responder.Answer(e.status(), e.json());
  }

  /**
   * Carries out, under the lock, what must happen in the same step as a core call: saving the
   * state and installing. Logs the core's events and re-arms the timers. Returns what is left
   * for the caller: a reply, or I/O to do outside the lock.
   */
  private V2Decision step(V2Decision d) {
    if (d instanceof V2Decision.Persist p) {
      d = persist(p);
    }
    if (d instanceof V2Decision.Install in) {
      install(in);
      d = in.reply() == null ? V2Decision.NONE : new V2Decision.Reply(in.reply());
    } else if (d instanceof V2Decision.FailClosed f) {
      outputs.failClosed(f);
      d = V2Decision.NONE;
    } else if (d instanceof V2Decision.KeepStale k) {
      logger.log(System.Logger.Level.WARNING, "peer=" + other + " result=stale action=keep "
          + "reason=no_confirmed_rotation_for_" + k.lifetime().toSeconds() + "s");
      d = V2Decision.NONE;
    }
    for (V2Event e : core.drainEvents()) {
      V2EventLog.record(other, e, stats, this::noteFailure);
    }
    timers();
    return d;
  }

  private V2Decision persist(V2Decision.Persist p) {
    V2State s = p.state();
    try {
      state.save(new ChainStateFile.State(s.epoch(), s.chainKey(), s.previousEpoch(),
          s.previousKey(), s.psk(), s.confirmedAt()));
    } catch (IOException | RuntimeException e) {
      String why = "cannot save " + state.path() + ": " + e.getMessage();
      noteFailure("save_state: " + why);
      logger.log(System.Logger.Level.ERROR, "peer=" + other + " result=failed protocol=v2 "
          + "step=save_state error=\"" + why + "\" action=nothing_advanced");
      stats.failed(other);
      return core.persistFailed(p.token(), why);
    } finally {
      s.destroy();
    }
    return core.persisted(p.token());
  }

  private void install(V2Decision.Install in) {
    fingerprint = outputs.install(in);
    lastConfirmed = clock.instant();
    failures = 0;
    lastError = null;
  }

  private void noteFailure(String what) {
    failures++;
    lastError = what;
  }

  /** Re-arms the round and expiry timers where the core moved them. */
  private void timers() {
    if (closed) {
      return;
    }
    roundTimer.at(core.roundDue(), this::round);
    expiryTimer.at(core.expiryDue(), this::expire);
  }

  private void expire() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      expiryTimer.fired();
      step(core.expire());
    }
  }
}
