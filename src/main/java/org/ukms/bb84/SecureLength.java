package org.ukms.bb84;

/**
 * How many secret bits a corrected key of {@code n} bits yields (the Shor-Preskill bound with what
 * error correction really disclosed): {@code n (1 - h(Q+)) - leaked - 2 log2(1/epsilon)}, where
 * {@code Q+} is the estimated QBER plus its statistical deviation for the sample size. With an ideal
 * error correction ({@code leaked = n h(Q)}) this is the asymptotic {@code n (1 - 2h(Q))} minus
 * the finite-size terms; Cascade discloses a little more, so the result is never above it.
 */
final class SecureLength {
  private SecureLength() {}

  /** Binary entropy in bits; h(0) = h(1) = 0. */
  static double h(double p) {
    if (p <= 0 || p >= 1) {
      return 0;
    }
    return -p * log2(p) - (1 - p) * log2(1 - p);
  }

  /**
   * The QBER estimate raised by the empirical Bernstein deviation (Maurer and Pontil, 2009) for a
   * sample of {@code sample} bits: the true error rate is above it with probability at most
   * {@code epsilon}. Tighter than Hoeffding's bound at the small error rates QKD runs at.
   */
  static double upperQber(double estimate, int sample, double epsilon) {
    if (sample < 2) {
      return 0.5;
    }
    double log = Math.log(2 / epsilon);
    double variance = estimate * (1 - estimate) * sample / (sample - 1.0);
    return Math.min(0.5, estimate + Math.sqrt(2 * variance * log / sample)
        + 7 * log / (3.0 * (sample - 1)));
  }

  /** Secret bits from {@code n} corrected bits; 0 when nothing secret is left. */
  static int of(int n, double upperQber, long leaked, double epsilon) {
    double bits = n * (1 - h(upperQber)) - leaked - 2 * log2(1 / epsilon);
    return bits <= 0 ? 0 : (int) Math.floor(bits);
  }

  /** The asymptotic secret fraction 1 - 2h(Q), 0 below it. */
  static double asymptoticFraction(double qber) {
    return Math.max(0, 1 - 2 * h(qber));
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
