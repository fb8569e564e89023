package org.ukms.skip;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * SKIP keyIds (skip.md §13 #2): a new one is 128 bits from a {@link SecureRandom}, never from the
 * key, as 32 lower-case hex characters; an incoming one is any non-empty, even-length run of up to
 * 128 hex characters in either case, compared in lower case.
 */
final class KeyIds {
  /** The length of a keyId this Key Provider makes, in bytes. */
  static final int BYTES = 16;
  /** The longest keyId accepted, in hex characters. */
  static final int MAX_HEX = 128;

  private KeyIds() {}

  /** A fresh keyId: {@value #BYTES} bytes of {@code random} in lower-case hex. */
  static String random(SecureRandom random) {
    byte[] id = new byte[BYTES];
    random.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  /** The lower-case form of {@code text} when it is a well-formed keyId, else empty. */
  static Optional<String> parse(String text) {
    int n = text.length();
    if (n == 0 || n > MAX_HEX || n % 2 != 0) {
      return Optional.empty();
    }
    if (!text.chars().allMatch(HexFormat::isHexDigit)) {
      return Optional.empty();
    }
    return Optional.of(text.toLowerCase(Locale.ROOT));
  }
}
