package org.ukms.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The QBER a BB84 link's state or refusal names ({@code … aborted: QBER 0.2534 above …}). */
public final class Qber {
  private static final Pattern QBER = Pattern.compile("QBER (\\d\\.\\d+)");

  private Qber() {}

  /** The first QBER in {@code text}; fails the test when there is none. */
  public static double in(String text) {
    Matcher m = QBER.matcher(text);
    if (!m.find()) {
      throw new AssertionError("no QBER in: " + text);
    }
    return Double.parseDouble(m.group(1));
  }

  /**
   * Whether {@code text} names the QBER of an intercept-resend eavesdropper: about 0.25 plus the
   * channel's own errors, within 5 sigma of the smallest sample the tests' blocks estimate from.
   */
  public static boolean ofAnEavesdropper(String text) {
    double q = in(text);
    return q >= 0.175 && q <= 0.345;
  }
}
