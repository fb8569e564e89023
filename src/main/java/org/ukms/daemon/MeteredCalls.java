package org.ukms.daemon;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.ukms.core.KeyId;
import org.ukms.core.V1PeerRotation;
import org.ukms.core.V2Message;
import org.ukms.kme.DeliveredKey;
import org.ukms.kme.KmeClient;
import org.ukms.kme.KmeException;
import org.ukms.kme.KmeStatus;
import org.ukms.peer.PeerClient;
import org.ukms.peer.PeerException;
import org.ukms.peer.V2Transport;

/**
 * Wraps one peer's KME client and peer transport so every call's duration, failed or not, lands
 * in {@link RotationStats}'s latency histograms. The wrapped calls are otherwise unchanged (same
 * answers, same exceptions). The composition root wraps what it hands each session:
 * {@code MeteredCalls.kme(kme, stats, peer.id())} and so on.
 */
final class MeteredCalls {
  private MeteredCalls() {}

  /** {@code kme} timed under {@code peer}; null stays null (a peer without a KME). */
  static KmeClient kme(KmeClient kme, RotationStats stats, String peer) {
    return kme == null ? null : new Kme(kme, stats, peer);
  }

  /** {@code transport} (v2, to {@code peer}) timed by message: {@code offer}, {@code confirm}. */
  static V2Transport v2(V2Transport transport, RotationStats stats, String peer) {
    return request -> {
      long start = System.nanoTime();
      try {
        return transport.send(request);
      } finally {
        stats.peerCall(peer, request instanceof V2Message.Offer ? "offer"
            : request instanceof V2Message.Confirm ? "confirm" : "other", since(start));
      }
    };
  }

  /** {@code client} (v1, shared by every peer) timed as {@code rotate} under {@code peer}. */
  static PeerClient v1(PeerClient client, RotationStats stats, String peer) {
    return new PeerClient() {
      @Override
      public KeyId requestV1(URI ukmsUrl, String sourceKmeId, V1PeerRotation.Call call,
          Duration timeout) throws PeerException {
        long start = System.nanoTime();
        try {
          return client.requestV1(ukmsUrl, sourceKmeId, call, timeout);
        } finally {
          stats.peerCall(peer, "rotate", since(start));
        }
      }
    };
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static final class Kme implements KmeClient {
    private final KmeClient kme;
    private final RotationStats stats;
    private final String peer;

    Kme(KmeClient kme, RotationStats stats, String peer) {
      this.kme = kme;
      this.stats = stats;
      this.peer = peer;
    }

    @Override
    public KmeStatus status(String slaveSaeId) throws KmeException {
      long start = System.nanoTime();
      try {
        return kme.status(slaveSaeId);
      } finally {
        stats.kmeCall(peer, "status", since(start));
      }
    }

    @Override
    public List<DeliveredKey> encKeys(String slaveSaeId, int number, int sizeBits)
        throws KmeException {
      long start = System.nanoTime();
      try {
        return kme.encKeys(slaveSaeId, number, sizeBits);
      } finally {
        stats.kmeCall(peer, "enc_keys", since(start));
      }
    }

    @Override
    public List<DeliveredKey> decKeys(String masterSaeId, List<KeyId> keyIds, int sizeBits)
        throws KmeException {
      long start = System.nanoTime();
      try {
        return kme.decKeys(masterSaeId, keyIds, sizeBits);
      } finally {
        stats.kmeCall(peer, "dec_keys", since(start));
      }
    }
  }
}
