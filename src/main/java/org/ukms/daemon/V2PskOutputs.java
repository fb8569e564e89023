package org.ukms.daemon;

import java.util.List;
import org.ukms.config.PeerConfig;
import org.ukms.core.KeyId;
import org.ukms.core.V2Decision;
import org.ukms.crypto.Fingerprint;
import org.ukms.sink.PskSink;
import org.ukms.sink.SinkException;

/**
 * Where a {@link V2PeerSession}'s PSKs go: installs a confirmed one (or the random one of a
 * fail-closed peer) into the sink, counts it, logs it and tells the listener. Called under the
 * session's lock; destroys each PSK it is handed.
 */
final class V2PskOutputs {
  private static final System.Logger logger = System.getLogger("org.ukms.rotation");

  private final PeerConfig peer;
  private final String other;
  private final PskSink sink;
  private final RotationStats stats;
  private final InstallListener listener;

  V2PskOutputs(PeerConfig peer, PskSink sink, RotationStats stats, InstallListener listener) {
    this.peer = peer;
    this.other = peer.id();
    this.sink = sink;
    this.stats = stats;
    this.listener = listener;
  }

  /** Installs the PSK of a confirmed exchange; returns its fingerprint. */
  String install(V2Decision.Install in) {
    String fingerprint = Fingerprint.of(in.psk());
    try {
      sink.install(in.psk());
    } catch (SinkException e) {
      stats.failed(other);
      logger.log(System.Logger.Level.ERROR, "peer=" + other + " result=install_failed error=\""
          + e.getMessage() + "\" (the chain state is saved; other outputs were still updated)");
    } finally {
      in.psk().destroy();
    }
    stats.roundCompleted(other);
    stats.installed(other, in.keyId(), in.keyId(), fingerprint);
    // The hooks' UKMS_KEY_IDS name ETSI 014 key_IDs only (uKMS's contract).
    KeyId keyId = in.keyId() == null ? null : in.keyId().keyIdOrNull();
    logger.log(System.Logger.Level.INFO, "peer=" + other + " result=installed protocol=v2 "
        + "role=" + in.role().wireName() + " epoch=" + in.epoch() + " mode="
        + peer.v2().mode().wireName() + (in.keyId() == null ? "" : " key_id=" + in.keyId())
        + " duration_ms=" + in.took().toMillis() + " psk_fingerprint=" + fingerprint
        + (in.reset() ? " chain_reset=true" : ""));
    listener.installed(other, in.epoch(), keyId == null ? List.of() : List.of(keyId));
    return fingerprint;
  }

  /** Installs a random PSK: no rotation was confirmed within the PSK's lifetime. */
  void failClosed(V2Decision.FailClosed f) {
    try {
      sink.install(f.randomPsk());
      stats.failedClosed(other);
      logger.log(System.Logger.Level.WARNING, "peer=" + other + " result=stale "
          + "action=random_psk reason=no_confirmed_rotation_for_" + f.lifetime().toSeconds()
          + "s");
    } catch (SinkException e) {
      logger.log(System.Logger.Level.ERROR, "peer=" + other + " result=stale "
          + "install_failed error=\"" + e.getMessage() + "\"");
    } finally {
      f.randomPsk().destroy();
    }
  }

  void close() {
    sink.close();
  }
}
