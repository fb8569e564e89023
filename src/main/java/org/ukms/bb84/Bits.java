package org.ukms.bb84;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.random.RandomGenerator;
import org.ukms.crypto.Secret;
import org.ukms.crypto.Sha3;

/** Bit helpers both ends of a block share: random bit sets, packing, the verification tag. */
final class Bits {
  private Bits() {}

  static BitSet random(int n, RandomGenerator random) {
    long[] words = new long[(n + 63) >>> 6];
    for (int i = 0; i < words.length; i++) {
      words[i] = random.nextLong();
    }
    BitSet set = BitSet.valueOf(words);
    set.clear(n, words.length * 64);
    return set;
  }

  /** The first {@code n} bits of {@code set}, as booleans at the set bits of {@code where}. */
  static boolean[] at(BitSet where, BitSet values) {
    boolean[] out = new boolean[where.cardinality()];
    int k = 0;
    for (int i = where.nextSetBit(0); i >= 0; i = where.nextSetBit(i + 1)) {
      out[k++] = values.get(i);
    }
    return out;
  }

  static long[] pack(boolean[] key) {
    long[] words = new long[(key.length + 63) >>> 6];
    for (int i = 0; i < key.length; i++) {
      if (key[i]) {
        words[i >>> 6] |= 1L << (i & 63);
      }
    }
    return words;
  }

  /** A 64-bit verification tag: SHA3-256 of a fresh public salt and the key, truncated. */
  static long tag(long saltHigh, long saltLow, boolean[] key) {
    long[] words = pack(key);
    ByteBuffer buf = ByteBuffer.allocate(16 + words.length * 8);
    buf.putLong(saltHigh).putLong(saltLow);
    for (long w : words) {
      buf.putLong(w);
    }
    byte[] digest = Sha3.sha3_256(buf.array());
    Arrays.fill(buf.array(), (byte) 0);
    Arrays.fill(words, 0);
    long tag = ByteBuffer.wrap(digest).getLong();
    Arrays.fill(digest, (byte) 0);
    return tag;
  }

  /** Toeplitz-hashes {@code key} with {@code seed} to {@code bits} bits (a multiple of 8). */
  static Secret amplify(boolean[] key, BitSet seed, int bits) {
    long[] packed = pack(key);
    long[] seedWords = Arrays.copyOf(seed.toLongArray(), Toeplitz.seedWords(key.length, bits));
    long[] words = Toeplitz.hash(packed, key.length, seedWords, bits);
    byte[] out = new byte[bits / 8];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (words[i >>> 3] >>> ((i & 7) * 8));
    }
    Secret s = Secret.copyOf(out);
    Arrays.fill(out, (byte) 0);
    Arrays.fill(words, 0);
    Arrays.fill(packed, 0);
    return s;
  }
}
