package org.ukms.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Standard, padded Base64 (RFC 4648 section 4) with no tolerance: no line breaks, no URL-safe
 * alphabet, no missing padding, and no non-zero padding bits. A text is accepted only if it is
 * the one canonical encoding of its bytes, so equal keys always have equal text.
 */
public final class StrictBase64 {
  private StrictBase64() {}

  /** Decodes {@code chars[offset, offset+length)} into a secret, or empty if not canonical. */
  public static Optional<Secret> decodeSecret(char[] chars, int offset, int length) {
    byte[] ascii = new byte[length];
    byte[] decoded = null;
    try {
      for (int i = 0; i < length; i++) {
        char c = chars[offset + i];
        if (!isAlphabet(c)) {
          return Optional.empty();
        }
        ascii[i] = (byte) c;
      }
      if (length % 4 != 0) {
        return Optional.empty();
      }
      decoded = Base64.getDecoder().decode(ascii);
      byte[] again = Base64.getEncoder().encode(decoded);
      boolean canonical = Arrays.equals(again, ascii);
      Arrays.fill(again, (byte) 0);
      if (!canonical) {
        Arrays.fill(decoded, (byte) 0);
        return Optional.empty();
      }
      return Optional.of(Secret.wrap(decoded));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    } finally {
      Arrays.fill(ascii, (byte) 0);
    }
  }

  public static Optional<Secret> decodeSecret(String text) {
    return decodeSecret(text.toCharArray(), 0, text.length());
  }

  /** The standard Base64 text of a secret, as a secret (ASCII bytes). */
  public static Secret encodeSecret(Secret secret) {
    byte[] raw = secret.reveal();
    try {
      return Secret.wrap(Base64.getEncoder().encode(raw));
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** Base64 text of non-secret bytes (fingerprints, test vectors). */
  public static String encode(byte[] raw) {
    return new String(Base64.getEncoder().encode(raw), StandardCharsets.US_ASCII);
  }

  private static boolean isAlphabet(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '/'
        || c == '=';
  }
}
