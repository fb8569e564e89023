package org.ukms.bb84;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The decisions both ends of a block take alike from public values: which sifted bits form the
 * estimation sample, the QBER and its bound, and whether and why the block is aborted.
 */
final class Estimation {
  private Estimation() {}

  /** The sample positions among {@code sifted} bits, drawn from the public {@code seed}. */
  static int[] positions(int sifted, double fraction, long seed) {
    if (sifted < Bb84Block.MIN_SIFTED) {
      return new int[0];
    }
    int sample = (int) Math.ceil(fraction * sifted);
    SplittableRandom random = new SplittableRandom(seed);
    int[] all = new int[sifted];
    Arrays.setAll(all, i -> i);
    for (int k = 0; k < sample; k++) {
      int j = k + random.nextInt(sifted - k);
      int t = all[k];
      all[k] = all[j];
      all[j] = t;
    }
    return Arrays.copyOf(all, sample);
  }

  /** Bit k is {@code key[positions[k]]}. */
  static BitSet sampleBits(boolean[] key, int[] positions) {
    BitSet out = new BitSet(positions.length);
    for (int k = 0; k < positions.length; k++) {
      out.set(k, key[positions[k]]);
    }
    return out;
  }

  /** The bits of {@code key} outside the sample, in order. */
  static boolean[] kept(boolean[] key, int[] positions) {
    boolean[] inSample = new boolean[key.length];
    for (int p : positions) {
      inSample[p] = true;
    }
    boolean[] out = new boolean[key.length - positions.length];
    for (int i = 0, k = 0; i < key.length; i++) {
      if (!inSample[i]) {
        out[k++] = key[i];
      }
    }
    return out;
  }

  /** Why the block stops after estimation, or null to go on. */
  static String abort(Bb84Settings settings, int sifted, double qber) {
    if (sifted < Bb84Block.MIN_SIFTED) {
      return "only " + sifted + " sifted bits, fewer than " + Bb84Block.MIN_SIFTED
          + " (channel loss too high)";
    }
    if (qber > settings.qberThreshold()) {
      return String.format(Locale.ROOT, "QBER %.4f above the threshold %.4f (an eavesdropper "
          + "or a bad channel)", qber, settings.qberThreshold());
    }
    return null;
  }

  /** Why too short a secret key is not delivered. */
  static String tooShort(int secret) {
    return "only " + secret + " secret bits left after error correction (fewer than "
        + Bb84Block.MIN_SECRET + ")";
  }

  static final String VERIFY_FAILED =
      "verification failed: the keys still differ after error correction";
}
