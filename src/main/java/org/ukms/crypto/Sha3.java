package org.ukms.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA3-256 (FIPS 202) from the JDK. */
public final class Sha3 {
  private Sha3() {}

  public static byte[] sha3_256(byte[] input) {
    return digest().digest(input);
  }

  public static byte[] sha3_256(String input) {
    return sha3_256(input.getBytes(StandardCharsets.UTF_8));
  }

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA3-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA3-256", e);
    }
  }
}
