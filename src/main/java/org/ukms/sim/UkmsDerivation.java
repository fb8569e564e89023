package org.ukms.sim;

import org.ukms.crypto.Secret;
import org.ukms.crypto.Sha3;
import org.ukms.crypto.StrictBase64;

/**
 * The original uKMS fake-KME derivation (ukms-v1.md section 5): key = Base64(SHA3-256(key_ID)).
 * Anyone who sees a key_ID knows the key: for interoperability with uKMS nodes only.
 */
public final class UkmsDerivation {
  private UkmsDerivation() {}

  public static String key(String keyId) {
    return StrictBase64.encode(Sha3.sha3_256(keyId));
  }

  /** The same key as raw bytes in a {@link Secret} (no Base64 round trip); the temporary is zeroed. */
  static Secret secret(String keyId) {
    byte[] key = Sha3.sha3_256(keyId);
    try {
      return Secret.copyOf(key);
    } finally {
      java.util.Arrays.fill(key, (byte) 0);
    }
  }
}
