package org.ukms.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the peer needs to fetch the same QKD key from its own key source: opaque to the protocol,
 * chosen by the source (an ETSI 014 key_ID; an ETSI 004 key stream and index). Public by nature,
 * safe to log: it names a key, never carries one. Up to 128 characters of letters, digits and
 * {@code . _ : ~ -}.
 */
public record KeyRef(String value) {
  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:~-]{0,127}");

  public KeyRef {
    Objects.requireNonNull(value, "value");
    if (!isValid(value)) {
      throw new IllegalArgumentException("not a key reference (1 to 128 of A-Z a-z 0-9 . _ : ~ -)");
    }
  }

  public static boolean isValid(String text) {
    return text != null && FORM.matcher(text).matches();
  }

  /** The reference of an ETSI 014 key: its key_ID. */
  public static KeyRef of(KeyId keyId) {
    return new KeyRef(keyId.value());
  }

  /** The ETSI 014 key_ID this reference is, or null for another source's reference. */
  public KeyId keyIdOrNull() {
    return KeyId.isValid(value) ? new KeyId(value) : null;
  }

  @Override
  public String toString() {
    return value;
  }
}
