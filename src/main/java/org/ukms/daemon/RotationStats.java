package org.ukms.daemon;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ukms.core.KeyId;

/**
 * Counters per peer, for logs, {@code ukms demo} and tests: completed rounds, installs, failures,
 * the last key_IDs and PSK fingerprint, failed WireGuard applications and hook runs. Holds no key
 * material.
 */
public final class RotationStats {
  private final Map<String, PeerStats> peers = new ConcurrentHashMap<>();

  /** What is known about one peer's rotations. */
  public record PeerStats(long rounds, long installs, long failures, KeyId localKeyId,
      KeyId remoteKeyId, String fingerprint, long wireguardFailures, long hookRuns,
      long hookFailures) {
    static final PeerStats NONE = new PeerStats(0, 0, 0, null, null, null, 0, 0, 0);
  }

  /** One of our rounds towards the peer completed (peer call and dec_keys succeeded). */
  void roundCompleted(String peer) {
    update(peer, s -> new PeerStats(s.rounds + 1, s.installs, s.failures, s.localKeyId,
        s.remoteKeyId, s.fingerprint, s.wireguardFailures, s.hookRuns, s.hookFailures));
  }

  void installed(String peer, KeyId local, KeyId remote, String fingerprint) {
    update(peer, s -> new PeerStats(s.rounds, s.installs + 1, s.failures, local, remote,
        fingerprint, s.wireguardFailures, s.hookRuns, s.hookFailures));
  }

  void failed(String peer) {
    update(peer, s -> new PeerStats(s.rounds, s.installs, s.failures + 1, s.localKeyId,
        s.remoteKeyId, s.fingerprint, s.wireguardFailures, s.hookRuns, s.hookFailures));
  }

  /** A {@code wg set} failed (it is retried). */
  void wireguardFailed(String peer) {
    update(peer, s -> new PeerStats(s.rounds, s.installs, s.failures, s.localKeyId,
        s.remoteKeyId, s.fingerprint, s.wireguardFailures + 1, s.hookRuns, s.hookFailures));
  }

  /** An {@code on_rotate} hook ran; {@code ok} is false for a non-zero exit or a timeout. */
  void hookRan(String peer, boolean ok) {
    update(peer, s -> new PeerStats(s.rounds, s.installs, s.failures, s.localKeyId,
        s.remoteKeyId, s.fingerprint, s.wireguardFailures, s.hookRuns + 1,
        s.hookFailures + (ok ? 0 : 1)));
  }

  /** A reload removed the peer: its counters go. */
  void forget(String peer) {
    peers.remove(peer);
  }

  public PeerStats of(String peer) {
    return peers.getOrDefault(peer, PeerStats.NONE);
  }

  private void update(String peer, java.util.function.UnaryOperator<PeerStats> change) {
    peers.compute(peer, (k, old) -> change.apply(old == null ? PeerStats.NONE : old));
  }
}
