package org.ukms.bb84;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Cascade error correction (Brassard and Salvail, 1993) with four passes, run by the receiver:
 * her key is corrected towards the sender's by comparing parities of blocks, halving a block
 * whose parities differ until the wrong bit is found, and re-checking the blocks of earlier
 * passes that contain a corrected bit. The sender's side is a {@link Parities} oracle: the
 * receiver asks for all block parities of a pass in one query, then for one parity per halving
 * step; every parity the sender discloses is counted in {@link #leaked()} once. Both ends derive
 * the shuffles from the key length, the QBER and a public seed ({@link Layout}).
 */
final class Cascade {
  static final int PASSES = 4;

  /** The sender's answer: the parity of each range of her key, in the pass's order. */
  interface Parities {
    BitSet of(int pass, List<Bb84Message.Range> ranges);
  }

  /** The shuffles and block sizes of the four passes; both ends compute the same. */
  static final class Layout {
    private final int[][] order = new int[PASSES][];
    private final int[][] position = new int[PASSES][];
    private final int[] blockSize = new int[PASSES];
    private final int n;

    Layout(int n, double qber, long seed) {
      this.n = n;
      RandomGenerator shuffles = new SplittableRandom(seed);
      int first = Math.max(4, (int) Math.ceil(0.73 / Math.max(qber, 0.001)));
      for (int pass = 0; pass < PASSES; pass++) {
        order[pass] = pass == 0 ? identity(n) : shuffled(n, shuffles);
        position[pass] = new int[n];
        for (int pos = 0; pos < n; pos++) {
          position[pass][order[pass][pos]] = pos;
        }
        blockSize[pass] = (int) Math.max(1, Math.min(n, (long) first << pass));
      }
    }

    /** The parity of positions [lo, hi) of {@code key} in the order of {@code pass}. */
    boolean parity(boolean[] key, int pass, int lo, int hi) {
      if (pass < 0 || pass >= PASSES || lo < 0 || hi > n || lo >= hi) {
        throw new IllegalArgumentException("no such range: pass " + pass + " [" + lo + ", "
            + hi + ")");
      }
      boolean p = false;
      int[] o = order[pass];
      for (int pos = lo; pos < hi; pos++) {
        p ^= key[o[pos]];
      }
      return p;
    }

    /** The sender's answer to a query, from her key. */
    BitSet answer(boolean[] key, int pass, List<Bb84Message.Range> ranges) {
      BitSet out = new BitSet(ranges.size());
      for (int i = 0; i < ranges.size(); i++) {
        out.set(i, parity(key, pass, ranges.get(i).lo(), ranges.get(i).hi()));
      }
      return out;
    }
  }

  private final Layout layout;
  private final boolean[] receiver;
  private final Parities sender;
  private final BitSet[] blockParities = new BitSet[PASSES];
  private long leaked;
  private int corrected;

  private Cascade(Layout layout, boolean[] receiver, Parities sender) {
    this.layout = layout;
    this.receiver = receiver;
    this.sender = sender;
  }

  /** Corrects {@code receiver} in place, asking {@code sender} for the parities it needs. */
  static Cascade correct(boolean[] receiver, double qber, long seed, Parities sender) {
    Cascade c = new Cascade(new Layout(receiver.length, qber, seed), receiver, sender);
    c.run();
    return c;
  }

  /**
   * Both ends in one place: corrects {@code receiver} towards {@code sender} (same length);
   * {@code publicRandom} draws the shuffle seed.
   */
  static Cascade correct(boolean[] sender, boolean[] receiver, double qber,
      RandomGenerator publicRandom) {
    if (sender.length != receiver.length) {
      throw new IllegalArgumentException("keys of different lengths");
    }
    long seed = publicRandom.nextLong();
    Layout senderLayout = new Layout(sender.length, qber, seed);
    return correct(receiver, qber, seed,
        (pass, ranges) -> senderLayout.answer(sender, pass, ranges));
  }

  /** Parity bits the sender disclosed. */
  long leaked() {
    return leaked;
  }

  /** Bits of the receiver's key that were flipped. */
  int corrected() {
    return corrected;
  }

  private void run() {
    int n = receiver.length;
    for (int pass = 0; pass < PASSES; pass++) {
      int size = layout.blockSize[pass];
      List<Bb84Message.Range> ranges = new ArrayList<>();
      for (int lo = 0; lo < n; lo += size) {
        ranges.add(new Bb84Message.Range(lo, Math.min(n, lo + size)));
      }
      blockParities[pass] = ranges.isEmpty() ? new BitSet() : sender.of(pass, ranges);
      leaked += ranges.size();
      for (int block = 0; block < ranges.size(); block++) {
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
      int lo = item[1] * layout.blockSize[pass];
      int hi = Math.min(receiver.length, lo + layout.blockSize[pass]);
      if (blockParities[pass].get(item[1]) == layout.parity(receiver, pass, lo, hi)) {
        continue;
      }
      int wrong = search(pass, lo, hi);
      receiver[wrong] = !receiver[wrong];
      corrected++;
      for (int q = 0; q <= lastPass; q++) {
        if (q != pass) {
          work.add(new int[] {q, layout.position[q][wrong] / layout.blockSize[q]});
        }
      }
    }
  }

  /** Halves [lo, hi) of a block with odd error parity down to the one wrong bit. */
  private int search(int pass, int lo, int hi) {
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      leaked++;
      boolean theirs = sender.of(pass, List.of(new Bb84Message.Range(lo, mid))).get(0);
      if (theirs != layout.parity(receiver, pass, lo, mid)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return layout.order[pass][lo];
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
