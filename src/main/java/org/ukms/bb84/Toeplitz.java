package org.ukms.bb84;

/**
 * Privacy amplification with a random Toeplitz matrix, a two-universal hash family: output bit
 * {@code j} is the parity of the key AND the seed's bits {@code j .. j+n-1} (the matrix's rows are
 * shifted copies of one seed of {@code n + m - 1} bits, which both ends draw publicly). Bit
 * {@code i} of a packed array is bit {@code i % 64} of word {@code i / 64}.
 */
final class Toeplitz {
  private Toeplitz() {}

  /** Words of seed {@link #hash} reads: {@code n + m - 1} bits, plus one word of slack. */
  static int seedWords(int n, int m) {
    return ((m - 1) >>> 6) + ((n + 63) >>> 6) + 1;
  }

  /** The {@code m}-bit hash of the {@code n}-bit {@code key} under {@code seed}. */
  static long[] hash(long[] key, int n, long[] seed, int m) {
    int words = (n + 63) >>> 6;
    if (key.length < words || seed.length < seedWords(n, m)) {
      throw new IllegalArgumentException("key or seed too short");
    }
    long[] x = java.util.Arrays.copyOf(key, words);
    if ((n & 63) != 0) {
      x[words - 1] &= (1L << (n & 63)) - 1; // only the key's n bits count
    }
    long[] out = new long[(m + 63) >>> 6];
    for (int j = 0; j < m; j++) {
      int base = j >>> 6;
      int shift = j & 63;
      long acc = 0;
      for (int k = 0; k < words; k++) {
        long window = shift == 0 ? seed[base + k]
            : (seed[base + k] >>> shift) | (seed[base + k + 1] << (64 - shift));
        acc ^= x[k] & window;
      }
      if ((Long.bitCount(acc) & 1) == 1) {
        out[j >>> 6] |= 1L << (j & 63);
      }
    }
    return out;
  }
}
