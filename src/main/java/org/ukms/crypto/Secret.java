package org.ukms.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Key material. The only holder of secret bytes in ukms: it copies bytes in and out, redacts
 * {@link #toString()}, has no {@code equals}/{@code hashCode}, and compares in constant time.
 * {@link #reveal()} is the only way out; audits grep for it.
 */
public final class Secret {
  private final byte[] bytes;
  private volatile boolean destroyed;

  private Secret(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A secret holding a copy of {@code raw}; the caller may wipe its array afterwards. */
  public static Secret copyOf(byte[] raw) {
    return new Secret(raw.clone());
  }

  /** Takes ownership of {@code raw} without copying; for buffers nobody else holds. */
  static Secret wrap(byte[] raw) {
    return new Secret(raw);
  }

  /** The only way out, and a copy. Audits grep for "reveal(". */
  public byte[] reveal() {
    if (destroyed) {
      throw new IllegalStateException("secret was destroyed");
    }
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  /** Constant time for equal lengths. Deliberately not equals(). */
  public boolean sameAs(Secret other) {
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  /** Overwrites the bytes with zeros; later {@link #reveal()} calls fail. */
  public void destroy() {
    Arrays.fill(bytes, (byte) 0);
    destroyed = true;
  }

  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "Secret[" + bytes.length + " bytes, redacted]";
  }
}
