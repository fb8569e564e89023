package org.ukms.qlink;

import org.ukms.bb84.Bb84Block;

/**
 * What a {@link KeyStream} counts of its link: blocks made and aborted, the last QBER, sifted and
 * secret bits and their last rates, keys delivered. Not thread-safe: the stream uses it under its
 * lock.
 */
final class LinkCounters {
  long blocks;
  long aborts;
  double qber = Double.NaN;
  private long siftedBits;
  private long secretBits;
  private double siftedRate;
  private double secretRate;
  private long delivered;

  /** A block that made a key. */
  void block(Bb84Block.Stats stats, double seconds) {
    blocks++;
    sifted(stats, seconds);
    secretBits += stats.secretBits();
    secretRate = seconds > 0 ? stats.secretBits() / seconds : 0;
  }

  /** An aborted block: its sifted bits count, its secret rate is zero. */
  void abort(Bb84Block.Stats stats, double seconds) {
    aborts++;
    sifted(stats, seconds);
    secretRate = 0;
  }

  void delivered(long keys) {
    delivered += keys;
  }

  LinkStatus status(String peer, String state, boolean connected, int stored) {
    return new LinkStatus(peer, state, connected, blocks, aborts, qber, siftedBits, secretBits,
        siftedRate, secretRate, stored, delivered);
  }

  private void sifted(Bb84Block.Stats stats, double seconds) {
    if (stats.sampled() > 0) {
      qber = stats.qber();
    }
    siftedBits += stats.sifted();
    siftedRate = seconds > 0 ? stats.sifted() / seconds : 0;
  }
}
