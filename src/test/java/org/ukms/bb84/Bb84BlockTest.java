package org.ukms.bb84;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** One BB84 block end to end, over several seeds and channel error rates. */
class Bb84BlockTest {
  static Bb84Block.Result run(ChannelModel channel, long seed) {
    return run(channel, seed, 17);
  }

  /**
   * A block of 2^{@code log2Pulses} pulses. At 8 % the finite-size terms need about 2^19 pulses
   * to leave a key: 1 - 2h(0.08) is 0.2, and the QBER bound of a smaller sample eats it.
   */
  static Bb84Block.Result run(ChannelModel channel, long seed, int log2Pulses) {
    return Bb84Block.run(new Bb84Settings(1 << log2Pulses, 0.10, 0.11, 1e-10), channel, new SplittableRandom(seed),
        new SplittableRandom(seed + 1), new SplittableRandom(seed + 2),
        new SplittableRandom(seed + 3), new SplittableRandom(seed + 4));
  }

  @ParameterizedTest(name = "error rate {0}, seed {1}")
  @CsvSource({"0.00,1,17", "0.00,2,17", "0.02,3,17", "0.02,4,17", "0.05,5,18", "0.05,6,18",
      "0.08,7,20", "0.08,8,20"})
  void block_givesBothEndsTheSameKey_ofTheSecureLength(double errorRate, long seed,
      int log2Pulses) {
    Bb84Block.Result r = run(new ChannelModel(0.2, 0.6, errorRate, false), seed, log2Pulses);

    assertFalse(r.aborted(), r.stats().abort());
    assertTrue(r.senderKey().sameAs(r.receiverKey()), "error correction and amplification agree");
    assertEquals(r.stats().secretBits() / 8, r.senderKey().length());
    assertTrue(r.stats().secretBits() >= Bb84Block.MIN_SECRET);
  }

  @ParameterizedTest(name = "error rate {0}")
  @CsvSource({"0.00,17", "0.02,17", "0.05,17", "0.08,19"})
  void qberAndSecretFraction_matchTheoryWithinStatisticalBounds(double errorRate,
      int log2Pulses) {
    for (long seed = 10; seed < 13; seed++) {
      Bb84Block.Stats s = run(new ChannelModel(0, 1, errorRate, false), seed, log2Pulses)
          .stats();
      assertNull(s.abort());
      double sigma = Math.sqrt(Math.max(errorRate * (1 - errorRate), 1e-4) / s.sampled());

      assertTrue(Math.abs(s.qber() - errorRate) <= 5 * sigma, s.qber() + " vs " + errorRate);
      assertEquals(s.pulses() / 2.0, s.sifted(), 5 * Math.sqrt(s.pulses() / 4.0),
          "half the detections survive sifting");
      double kept = s.sifted() - s.sampled();
      assertTrue(s.secretFraction() <= SecureLength.asymptoticFraction(s.qber()) + 1e-9,
          "never above 1 - 2h(Q): " + s.secretFraction());
      double hq = SecureLength.h(s.corrected() / kept); // the errors the key really had
      double cascadeEfficiency = (s.leaked() - Bb84Settings.VERIFY_BITS) / (kept * hq);
      if (errorRate > 0) {
        assertTrue(cascadeEfficiency >= 1.0 && cascadeEfficiency < 1.5,
            "Cascade discloses 1.0 to 1.5 times the Shannon limit: " + cascadeEfficiency);
      }
      double expected = 1 - SecureLength.h(s.qberUpper())
          - (double) s.leaked() / kept - 2 * Math.log(1e10) / Math.log(2) / kept;
      assertEquals(expected, s.secretFraction(), 8.0 / kept, "the secure length formula");
    }
  }

  @Test
  void interceptResend_raisesTheQberToAQuarter_andAbortsWithoutAKey() {
    for (long seed = 20; seed < 23; seed++) {
      Bb84Block.Result r = run(new ChannelModel(0, 1, 0, true), seed);

      assertTrue(Math.abs(r.stats().qber() - 0.25) < 0.02, "QBER " + r.stats().qber());
      assertTrue(r.aborted());
      assertTrue(r.stats().abort().startsWith("QBER 0.2"), r.stats().abort());
      assertNull(r.senderKey());
      assertNull(r.receiverKey());
      assertEquals(0, r.stats().secretBits());
    }
  }

  @Test
  void aQberJustAboveTheThreshold_aborts_andJustBelow_stillGivesAKeyOrSaysWhyNot() {
    Bb84Block.Result above = run(new ChannelModel(0, 1, 0.14, false), 30);
    assertTrue(above.aborted());
    assertTrue(above.stats().abort().contains("above the threshold"), above.stats().abort());

    Bb84Block.Result near = run(new ChannelModel(0, 1, 0.10, false), 31);
    // At 10 % the finite-size terms eat what 1 - 2h(Q) = 0.06 leaves: no key, and it says so.
    assertTrue(near.aborted() || near.senderKey().sameAs(near.receiverKey()));
    if (near.aborted()) {
      assertTrue(near.stats().abort().contains("secret bits left"), near.stats().abort());
    }
  }

  @Test
  void aLossyChannel_withTooFewDetections_aborts() {
    Bb84Block.Result r = run(new ChannelModel(0.99, 0.1, 0, false), 40);

    assertTrue(r.aborted());
    assertTrue(r.stats().abort().contains("sifted bits"), r.stats().abort());
  }

  @Test
  void differentSenderRandomness_givesDifferentKeys() {
    Bb84Block.Result one = run(ChannelModel.ideal(), 50);
    Bb84Block.Result two = run(ChannelModel.ideal(), 60);

    assertFalse(one.senderKey().sameAs(two.senderKey()));
  }
}
