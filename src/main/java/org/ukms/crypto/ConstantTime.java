package org.ukms.crypto;

import java.security.MessageDigest;

/** Comparisons of MACs and proofs that take the same time wherever the inputs differ. */
public final class ConstantTime {
  private ConstantTime() {}

  public static boolean equal(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }
}
