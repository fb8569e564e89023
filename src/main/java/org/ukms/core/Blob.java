package org.ukms.core;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Public bytes in a wire message (an ML-KEM encapsulation key or ciphertext, a proof, a chain
 * ID): an immutable copy that compares by content, so that messages can be records. Never key
 * material: that lives in {@link org.ukms.crypto.Secret}.
 */
public record Blob(byte[] bytes) {
  public Blob {
    bytes = Objects.requireNonNull(bytes, "bytes").clone();
  }

  public static Blob of(byte[] bytes) {
    return new Blob(bytes);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Blob b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The first bytes in hex, enough to tell two apart in a trace. */
  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes, 0, Math.min(8, bytes.length))
        + (bytes.length > 8 ? "…(" + bytes.length + ")" : "");
  }
}
