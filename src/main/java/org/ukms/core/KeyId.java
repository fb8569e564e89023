package org.ukms.core;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An ETSI 014 key_ID: canonical 8-4-4-4-12 hex UUID text, kept exactly as received and compared
 * case-insensitively. Public by nature: safe to log.
 */
public record KeyId(String value) {
  private static final Pattern UUID =
      Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  public KeyId {
    Objects.requireNonNull(value, "value");
    if (!isValid(value)) {
      throw new IllegalArgumentException("not a canonical UUID key_ID");
    }
  }

  public static boolean isValid(String text) {
    return text != null && UUID.matcher(text).matches();
  }

  /** Case-insensitive comparison, as ETSI 014 key_IDs are UUIDs. */
  public boolean sameAs(KeyId other) {
    return value.toLowerCase(Locale.ROOT).equals(other.value.toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return value;
  }
}
