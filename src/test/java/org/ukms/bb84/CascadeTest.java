package org.ukms.bb84;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CascadeTest {
  @Test
  void correct_removesEveryError_andCountsTheDisclosedParities() {
    for (double q : new double[] {0.01, 0.03, 0.05, 0.08}) {
      SplittableRandom random = new SplittableRandom((long) (q * 1000));
      int n = 20_000;
      boolean[] sender = new boolean[n];
      boolean[] receiver = new boolean[n];
      int errors = 0;
      for (int i = 0; i < n; i++) {
        sender[i] = random.nextBoolean();
        receiver[i] = random.nextDouble() < q ? !sender[i] : sender[i];
        errors += sender[i] != receiver[i] ? 1 : 0;
      }

      Cascade c = Cascade.correct(sender, receiver, (double) errors / n, new SplittableRandom(7));

      assertArrayEquals(sender, receiver, "q=" + q);
      assertEquals(errors, c.corrected(), "every flip fixed a real error");
      double shannon = n * SecureLength.h((double) errors / n);
      assertTrue(c.leaked() >= shannon && c.leaked() < 1.5 * shannon,
          "q=" + q + " leaked " + c.leaked() + " vs n h(q) " + shannon);
    }
  }

  @Test
  void correct_equalKeys_disclosesOnlyBlockParities() {
    boolean[] key = new boolean[1000];
    Cascade c = Cascade.correct(key, key.clone(), 0.05, new SplittableRandom(1));

    assertEquals(0, c.corrected());
    int first = (int) Math.ceil(0.73 / 0.05);
    long blocks = 0;
    for (int pass = 0; pass < Cascade.PASSES; pass++) {
      int size = Math.min(1000, first << pass);
      blocks += (1000 + size - 1) / size;
    }
    assertEquals(blocks, c.leaked());
  }
}
