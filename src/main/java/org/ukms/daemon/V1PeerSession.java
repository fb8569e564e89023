package org.ukms.daemon;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.ukms.config.PeerConfig;
import org.ukms.core.Backoff;
import org.ukms.core.Install;
import org.ukms.core.KeyId;
import org.ukms.core.KeyRef;
import org.ukms.core.V1PeerRotation;
import org.ukms.crypto.Fingerprint;
import org.ukms.http.InFlight;
import org.ukms.kme.DeliveredKey;
import org.ukms.kme.KmeClient;
import org.ukms.kme.KmeException;
import org.ukms.kme.KmeProtocolException;
import org.ukms.kme.KmeRejectedException;
import org.ukms.peer.PeerClient;
import org.ukms.peer.PeerException;
import org.ukms.peer.V1Responder;
import org.ukms.sink.PskSink;
import org.ukms.sink.SinkException;

/**
 * Carries out the decisions of one peer's {@link V1PeerRotation}: the client round (peer call,
 * then {@code dec_keys}) on a worker thread, the server side ({@code enc_keys}) on a peer-API
 * thread, and installs. One lock guards the core and hands PSKs to the sink in order; the write
 * is awaited after it (so installs coalesce, see CoalescingPskSink); no network call holds it.
 */
final class V1PeerSession implements PeerSession {
  private static final System.Logger logger = System.getLogger("org.ukms.rotation");
  static final int KEY_BITS = 256;

  private final PeerConfig peer;
  private final InstantSource clock;
  private final Scheduler scheduler;
  private final KmeClient kme;
  private final PeerClient peers;
  private final PskSink sink;
  private final RotationStats stats;
  private final InstallListener listener;
  private final Object lock = new Object();
  private final V1PeerRotation rotation;
  private final InFlight inFlight = new InFlight();
  private Scheduler.Cancellable next;
  private boolean closed;
  private Instant lastInstalled;
  private String fingerprint;
  private String lastError;

  V1PeerSession(PeerConfig peer, InstantSource clock, Scheduler scheduler, Backoff backoff,
      KmeClient kme, PeerClient peers, PskSink sink, RotationStats stats) {
    this(peer, clock, scheduler, backoff, Duration.ZERO, kme, peers, sink, stats,
        InstallListener.NONE);
  }

  V1PeerSession(PeerConfig peer, InstantSource clock, Scheduler scheduler, Backoff backoff,
      Duration firstDelay, KmeClient kme, PeerClient peers, PskSink sink, RotationStats stats,
      InstallListener listener) {
    this.peer = peer;
    this.clock = clock;
    this.scheduler = scheduler;
    this.kme = kme;
    this.peers = peers;
    this.sink = sink;
    this.stats = stats;
    this.listener = listener;
    this.rotation = new V1PeerRotation(clock, peer.rotationPeriod(), backoff, firstDelay);
  }

  @Override
  public String id() {
    return peer.id();
  }

  @Override
  public void start() {
    synchronized (lock) {
      scheduleLocked();
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (next != null) {
        next.cancel();
      }
    }
    inFlight.whenIdle(sink::close); // a running round still installs its PSK everywhere
  }

  @Override
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    return inFlight.awaitIdle(timeout);
  }

  @Override
  public PeerStatus status() {
    synchronized (lock) {
      return new PeerStatus(peer.id(), peer.alias(), "ukms-v1", "qkd", "etsi014", -1,
          lastInstalled, peer.rotationPeriod().multipliedBy(3), fingerprint, rotation.failures(),
          lastError, closed || rotation.inFlight() ? null : rotation.due(), null,
          peer.outputs().wireguard(), stats.of(peer.id()));
    }
  }

  /** One client round: ask the peer for a key_ID, fetch the key from our KME, install. */
  void round() {
    inFlight.during(() -> {
      roundInFlight();
      return null;
    });
  }

  private void roundInFlight() {
    V1PeerRotation.Call call;
    synchronized (lock) {
      if (closed || rotation.inFlight()) {
        return;
      }
      call = rotation.startRound();
    }
    Instant started = clock.instant();
    String step = "peer";
    try {
      KeyId keyId = peers.requestV1(peer.ukmsUrl(), peer.sourceKmeId(), call, peer.peerTimeout());
      step = "dec_keys";
      // An original uKMS master asks enc_keys for its KME's default size, unknown here.
      DeliveredKey key = kme.decKeys(peer.slaveSaeId(), List.of(keyId), KmeClient.ANY_SIZE)
          .get(0);
      Runnable written;
      synchronized (lock) {
        Optional<Install> install = rotation.roundSucceeded(keyId, key.key());
        stats.roundCompleted(peer.id());
        written = install.map(i -> installLocked(i, started, "remote")).orElse(() -> { });
        scheduleLocked();
      }
      written.run();
    } catch (PeerException e) {
      failed(step, e.getMessage(), e.isTransient() ? Backoff.Failure.TRANSIENT
          : Backoff.Failure.REJECTED);
    } catch (KmeException e) {
      failed(step, e.getMessage(), kmeFailure(e));
    } catch (KmeProtocolException e) {
      failed(step, e.getMessage(), Backoff.Failure.TRANSIENT);
    } catch (RuntimeException e) {
      // A bug, not a peer's fault: log it on one line, keep the last PSK, and keep rotating.
      failed(step, "internal error: " + e, Backoff.Failure.TRANSIENT);
    }
  }

  /** The peer called us: serve our half from our KME's {@code enc_keys}. */
  V1Responder.Answer respond(V1PeerRotation.Call call) {
    return inFlight.during(() -> respondInFlight(call));
  }

  private V1Responder.Answer respondInFlight(V1PeerRotation.Call call) {
    Instant started = clock.instant();
    synchronized (lock) {
      if (closed) {
        return new V1Responder.Failed("this peer's session is restarting");
      }
    }
    if (call == V1PeerRotation.Call.NEW) {
      synchronized (lock) {
        logger.log(System.Logger.Level.INFO, "peer=" + peer.id()
            + " event=peer_restarted action=redo_round_now");
        rotation.peerRestarted();
        scheduleLocked();
      }
    }
    try {
      DeliveredKey key = kme.encKeys(peer.slaveSaeId(), 1, KEY_BITS).get(0);
      Runnable written;
      synchronized (lock) {
        written = rotation.localKey(key.id(), key.key())
            .map(i -> installLocked(i, started, "local")).orElse(() -> { });
      }
      written.run();
      return new V1Responder.Served(key.id());
    } catch (KmeException | KmeProtocolException e) {
      stats.failed(peer.id());
      synchronized (lock) {
        lastError = "enc_keys: " + e.getMessage();
      }
      logger.log(System.Logger.Level.WARNING, "peer=" + peer.id()
          + " result=failed step=enc_keys error=\"" + e.getMessage() + "\"");
      return new V1Responder.Failed("our KME failed");
    }
  }

  /** Hands the PSK over in order (under the lock); the result waits for the write, then logs. */
  private Runnable installLocked(Install install, Instant started, String trigger) {
    String fingerprint = Fingerprint.of(install.psk());
    PskSink.Pending written = sink.submit(install.psk());
    install.psk().destroy();
    return () -> installed(written, install, started, trigger, fingerprint);
  }

  private void installed(PskSink.Pending written, Install install, Instant started,
      String trigger, String fingerprint) {
    long millis = Duration.between(started, clock.instant()).toMillis();
    try {
      written.await();
      synchronized (lock) {
        lastInstalled = clock.instant();
        this.fingerprint = fingerprint;
        lastError = null;
      }
      stats.installed(peer.id(), KeyRef.of(install.localKeyId()), KeyRef.of(install.remoteKeyId()),
          fingerprint);
      logger.log(System.Logger.Level.INFO, "peer=" + peer.id() + " result=installed trigger="
          + trigger + " local_key_id=" + install.localKeyId() + " remote_key_id="
          + install.remoteKeyId() + " duration_ms=" + millis + " psk_fingerprint=" + fingerprint);
      listener.installed(peer.id(), stats.of(peer.id()).installs(),
          java.util.stream.Stream.of(install.localKeyId(), install.remoteKeyId())
              .filter(java.util.Objects::nonNull).toList());
    } catch (SinkException e) {
      stats.failed(peer.id());
      synchronized (lock) {
        lastError = "install: " + e.getMessage();
      }
      logger.log(System.Logger.Level.ERROR, "peer=" + peer.id()
          + " result=install_failed error=\"" + e.getMessage() + "\"");
    }
  }

  private void failed(String step, String message, Backoff.Failure failure) {
    synchronized (lock) {
      Duration delay = rotation.roundFailed(failure);
      stats.failed(peer.id());
      lastError = step + ": " + message;
      logger.log(System.Logger.Level.WARNING, "peer=" + peer.id() + " result=failed step=" + step
          + " error=\"" + message + "\" retry_in_ms=" + delay.toMillis()
          + " failures=" + rotation.failures());
      scheduleLocked();
    }
  }

  private void scheduleLocked() {
    if (closed || rotation.inFlight()) {
      return;
    }
    if (next != null) {
      next.cancel();
    }
    next = scheduler.schedule(rotation.due(), this::round);
  }

  /** C-14/C-15: 503 and outages back off from 0.5 s; a consumed key restarts soon; 4xx waits. */
  static Backoff.Failure kmeFailure(KmeException e) {
    if (e.isTransient()) {
      return Backoff.Failure.TRANSIENT;
    }
    if (e instanceof KmeRejectedException r && r.keysNotFound()) {
      return Backoff.Failure.TRANSIENT;
    }
    return Backoff.Failure.REJECTED;
  }
}
