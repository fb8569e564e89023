package org.ukms.bb84;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ToeplitzTest {
  @Test
  void hash_equalsTheMatrixProduct_computedBitByBit() {
    SplittableRandom random = new SplittableRandom(3);
    for (int[] size : new int[][] {{1, 1}, {64, 64}, {100, 37}, {130, 129}, {1000, 300}}) {
      int n = size[0];
      int m = size[1];
      long[] key = words(n + 64, random); // bits beyond n must not count
      long[] seed = words(Toeplitz.seedWords(n, m) * 64, random);

      long[] fast = Toeplitz.hash(key, n, seed, m);

      for (int j = 0; j < m; j++) {
        int bit = 0;
        for (int i = 0; i < n; i++) {
          bit ^= get(key, i) & get(seed, i + j);
        }
        assertEquals(bit, get(fast, j), "n=" + n + " m=" + m + " bit " + j);
      }
    }
  }

  @Test
  void hash_isLinear() {
    SplittableRandom random = new SplittableRandom(4);
    int n = 500;
    int m = 200;
    long[] x = words(n, random);
    long[] y = words(n, random);
    long[] seed = words(Toeplitz.seedWords(n, m) * 64, random);
    long[] xy = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      xy[i] = x[i] ^ y[i];
    }
    long[] hx = Toeplitz.hash(x, n, seed, m);
    long[] hy = Toeplitz.hash(y, n, seed, m);
    for (int i = 0; i < hx.length; i++) {
      hx[i] ^= hy[i];
    }

    assertArrayEquals(hx, Toeplitz.hash(xy, n, seed, m));
  }

  private static long[] words(int bits, SplittableRandom random) {
    long[] w = new long[(bits + 63) / 64];
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextLong();
    }
    return w;
  }

  private static int get(long[] words, int i) {
    return (int) (words[i >>> 6] >>> (i & 63)) & 1;
  }
}
