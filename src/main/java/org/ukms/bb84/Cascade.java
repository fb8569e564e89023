package org.ukms.bb84;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Cascade error correction (Brassard and Salvail, 1993) with four passes: the receiver's key is
 * corrected towards the sender's by comparing parities of blocks, halving a block whose parities
 * differ until the wrong bit is found, and re-checking the blocks of earlier passes that contain a
 * corrected bit. Only the sender's parities cross the classical channel; each one she discloses is
 * counted in {@link #leaked()} (a block's parity once, however often it is asked for).
 */
final class Cascade {
  static final int PASSES = 4;

  private final boolean[] sender;
  private final boolean[] receiver;
  private final int[][] order = new int[PASSES][];
  private final int[][] position = new int[PASSES][];
  private final int[] blockSize = new int[PASSES];
  private final Map<Long, Boolean> disclosed = new HashMap<>();
  private long leaked;
  private int corrected;

  private Cascade(boolean[] sender, boolean[] receiver) {
    this.sender = sender;
    this.receiver = receiver;
  }

  /**
   * Corrects {@code receiver} in place towards {@code sender} (same length), for an estimated
   * QBER {@code qber}; {@code publicRandom} draws the shuffles both ends agree on.
   */
  static Cascade correct(boolean[] sender, boolean[] receiver, double qber,
      RandomGenerator publicRandom) {
    if (sender.length != receiver.length) {
      throw new IllegalArgumentException("keys of different lengths");
    }
    Cascade c = new Cascade(sender, receiver);
    c.run(Math.max(qber, 0.001), publicRandom);
    return c;
  }

  /** Parity bits the sender disclosed. */
  long leaked() {
    return leaked;
  }

  /** Bits of the receiver's key that were flipped. */
  int corrected() {
    return corrected;
  }

  private void run(double qber, RandomGenerator publicRandom) {
    int n = sender.length;
    int first = Math.max(4, (int) Math.ceil(0.73 / qber));
    for (int pass = 0; pass < PASSES; pass++) {
      order[pass] = pass == 0 ? identity(n) : shuffled(n, publicRandom);
      position[pass] = new int[n];
      for (int pos = 0; pos < n; pos++) {
        position[pass][order[pass][pos]] = pos;
      }
      blockSize[pass] = (int) Math.min(n, (long) first << pass);
      int blocks = (n + blockSize[pass] - 1) / blockSize[pass];
      for (int block = 0; block < blocks; block++) {
        Deque<int[]> work = new ArrayDeque<>();
        work.add(new int[] {pass, block});
        drain(work, pass);
      }
    }
  }

  /** Fixes every listed block whose parities differ, and whatever that uncovers. */
  private void drain(Deque<int[]> work, int lastPass) {
    while (!work.isEmpty()) {
      int[] item = work.poll();
      int pass = item[0];
      int lo = item[1] * blockSize[pass];
      int hi = Math.min(sender.length, lo + blockSize[pass]);
      if (blockParity(pass, item[1], lo, hi) == parity(receiver, pass, lo, hi)) {
        continue;
      }
      int wrong = search(pass, lo, hi);
      receiver[wrong] = !receiver[wrong];
      corrected++;
      for (int q = 0; q <= lastPass; q++) {
        if (q != pass) {
          work.add(new int[] {q, position[q][wrong] / blockSize[q]});
        }
      }
    }
  }

  /** Halves [lo, hi) of a block with odd error parity down to the one wrong bit. */
  private int search(int pass, int lo, int hi) {
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      leaked++;
      if (parity(sender, pass, lo, mid) != parity(receiver, pass, lo, mid)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return order[pass][lo];
  }

  /** The sender's parity of a whole block, disclosed (and counted) once. */
  private boolean blockParity(int pass, int block, int lo, int hi) {
    return disclosed.computeIfAbsent(((long) pass << 32) | block, k -> {
      leaked++;
      return parity(sender, pass, lo, hi);
    });
  }

  private boolean parity(boolean[] key, int pass, int lo, int hi) {
    boolean p = false;
    int[] o = order[pass];
    for (int pos = lo; pos < hi; pos++) {
      p ^= key[o[pos]];
    }
    return p;
  }

  private static int[] identity(int n) {
    int[] o = new int[n];
    for (int i = 0; i < n; i++) {
      o[i] = i;
    }
    return o;
  }

  private static int[] shuffled(int n, RandomGenerator random) {
    int[] o = identity(n);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = o[i];
      o[i] = o[j];
      o[j] = t;
    }
    return o;
  }
}
