package org.ukms.daemon;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ukms.core.KeyId;

/**
 * Counters per peer, for logs, {@code ukms demo} and tests: completed rounds, installs, failures,
 * the last key_IDs and PSK fingerprint. Holds no key material.
 */
public final class RotationStats {
  private final Map<String, PeerStats> peers = new ConcurrentHashMap<>();

  /** What is known about one peer's rotations. */
  public record PeerStats(long rounds, long installs, long failures, KeyId localKeyId,
      KeyId remoteKeyId, String fingerprint) {
    static final PeerStats NONE = new PeerStats(0, 0, 0, null, null, null);
  }

  /** One of our rounds towards the peer completed (peer call and dec_keys succeeded). */
  void roundCompleted(String peer) {
    peers.merge(peer, new PeerStats(1, 0, 0, null, null, null),
        (old, add) -> new PeerStats(old.rounds + 1, old.installs, old.failures, old.localKeyId,
            old.remoteKeyId, old.fingerprint));
  }

  void installed(String peer, KeyId local, KeyId remote, String fingerprint) {
    peers.merge(peer, new PeerStats(0, 1, 0, local, remote, fingerprint),
        (old, add) -> new PeerStats(old.rounds, old.installs + 1, old.failures, local, remote,
            fingerprint));
  }

  void failed(String peer) {
    peers.merge(peer, new PeerStats(0, 0, 1, null, null, null),
        (old, add) -> new PeerStats(old.rounds, old.installs, old.failures + 1, old.localKeyId,
            old.remoteKeyId, old.fingerprint));
  }

  public PeerStats of(String peer) {
    return peers.getOrDefault(peer, PeerStats.NONE);
  }
}
