package org.ukms.bb84;

/**
 * How one block is processed.
 *
 * @param pulses photons sent per block
 * @param sampleFraction share of the sifted bits disclosed to estimate the QBER (then discarded)
 * @param qberThreshold the block is aborted when the estimated QBER exceeds this (default 11 %,
 *     where 1 - 2h(Q) reaches zero)
 * @param epsilon failure probability of the QBER bound and of privacy amplification; the secure
 *     length pays {@code 2 log2(1/epsilon)} bits and the QBER estimate its empirical Bernstein deviation
 */
public record Bb84Settings(int pulses, double sampleFraction, double qberThreshold,
    double epsilon) {
  /** Bits of the verification tag compared after error correction. */
  static final int VERIFY_BITS = 64;

  public Bb84Settings {
    if (pulses < 1_000) {
      throw new IllegalArgumentException("at least 1000 pulses per block, found " + pulses);
    }
    if (!(sampleFraction > 0 && sampleFraction < 1)) {
      throw new IllegalArgumentException("sample fraction must be in (0, 1), found "
          + sampleFraction);
    }
    if (!(qberThreshold > 0 && qberThreshold < 0.5)) {
      throw new IllegalArgumentException("QBER threshold must be in (0, 0.5), found "
          + qberThreshold);
    }
    if (!(epsilon > 0 && epsilon < 1)) {
      throw new IllegalArgumentException("epsilon must be in (0, 1), found " + epsilon);
    }
  }

  /** 2^17 pulses, 10 % sample, abort above 11 %, epsilon 1e-10. */
  public static Bb84Settings defaults() {
    return new Bb84Settings(1 << 17, 0.10, 0.11, 1e-10);
  }
}
