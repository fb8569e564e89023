package org.ukms.skip;

import java.util.Objects;

/**
 * What {@code GET /capabilities} says and what the endpoints accept: this Key Provider's
 * {@code localSystemID} and {@code algorithm}, the remote systems, whether {@code GET /entropy} is
 * served, and the key sizes {@code GET /key} accepts, in bits (multiples of 8, skip.md §13 #7).
 */
public record ApiSettings(String localSystemId, String algorithm, RemoteSystems remoteSystems,
    boolean entropy, int minKeyBits, int maxKeyBits) {
  public static final int DEFAULT_MIN_KEY_BITS = 128;
  public static final int DEFAULT_MAX_KEY_BITS = 512;
  /** The size of a key when {@code size} is absent (skip.md §5), if within the bounds. */
  public static final int DEFAULT_KEY_BITS = 256;
  /** The largest {@code maxKeyBits} accepted. */
  public static final int LIMIT_KEY_BITS = 4096;

  public ApiSettings {
    Objects.requireNonNull(localSystemId, "localSystemId");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(remoteSystems, "remoteSystems");
    if (localSystemId.isEmpty()) {
      throw new IllegalArgumentException("empty localSystemID");
    }
    if (algorithm.isEmpty()) {
      throw new IllegalArgumentException("empty algorithm");
    }
    if (minKeyBits < 8 || minKeyBits % 8 != 0 || maxKeyBits % 8 != 0 || maxKeyBits < minKeyBits
        || maxKeyBits > LIMIT_KEY_BITS) {
      throw new IllegalArgumentException("key sizes must be multiples of 8 with 8 <= min <= max <= "
          + LIMIT_KEY_BITS + ", found " + minKeyBits + ".." + maxKeyBits);
    }
  }

  /** Entropy served, keys of 128 to 512 bits. */
  public static ApiSettings withDefaults(String localSystemId, String algorithm,
      RemoteSystems remoteSystems) {
    return new ApiSettings(localSystemId, algorithm, remoteSystems, true, DEFAULT_MIN_KEY_BITS,
        DEFAULT_MAX_KEY_BITS);
  }

  /** {@value #DEFAULT_KEY_BITS} bits, or the nearest bound when the bounds exclude it. */
  int defaultKeyBits() {
    return Math.max(minKeyBits, Math.min(DEFAULT_KEY_BITS, maxKeyBits));
  }
}
