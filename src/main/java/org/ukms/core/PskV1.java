package org.ukms.core;

import java.util.Arrays;
import org.ukms.crypto.Secret;
import org.ukms.crypto.Sha3;
import org.ukms.crypto.StrictBase64;

/**
 * The original uKMS PSK formula (ukms-v1.md section 6): the two keys' Base64 texts, the smaller
 * first in code-point order, concatenated and hashed with SHA3-256. The result is the 32-byte PSK;
 * its Base64 text is what uKMS writes.
 */
public final class PskV1 {
  private PskV1() {}

  public static Secret derive(Secret localKey, Secret remoteKey) {
    byte[] a = StrictBase64.encodeSecret(localKey).reveal();
    byte[] b = StrictBase64.encodeSecret(remoteKey).reveal();
    byte[] s = new byte[a.length + b.length];
    try {
      boolean aFirst = Arrays.compareUnsigned(a, b) < 0;
      byte[] first = aFirst ? a : b;
      byte[] second = aFirst ? b : a;
      System.arraycopy(first, 0, s, 0, first.length);
      System.arraycopy(second, 0, s, first.length, second.length);
      byte[] digest = Sha3.sha3_256(s);
      try {
        return Secret.copyOf(digest);
      } finally {
        Arrays.fill(digest, (byte) 0);
      }
    } finally {
      Arrays.fill(a, (byte) 0);
      Arrays.fill(b, (byte) 0);
      Arrays.fill(s, (byte) 0);
    }
  }
}
