package org.ukms.skip;

import java.security.SecureRandom;

/**
 * Where {@code GET /entropy} gets its bytes: its own generator, never the one keys or keyIds come
 * from, and never a source of key material (skip.md §4.3, SKIP-ENT-04). Replaced in tests to
 * make it fail (SKIP-ENT-03).
 */
@FunctionalInterface
public interface EntropySource {
  /** Fills {@code out} with random bytes, or throws when no entropy can be had. */
  void fill(byte[] out) throws EntropyUnavailableException;

  /** A source over a {@link SecureRandom} instance of its own. */
  static EntropySource ownSecureRandom() {
    SecureRandom random = new SecureRandom();
    return out -> {
      try {
        random.nextBytes(out);
      } catch (RuntimeException e) {
        throw new EntropyUnavailableException("SecureRandom failed: " + e.getClass().getName());
      }
    };
  }

  /** No entropy right now; {@code GET /entropy} answers 503. */
  final class EntropyUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public EntropyUnavailableException(String message) {
      super(message);
    }
  }
}
