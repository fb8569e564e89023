package org.ukms.config;

import java.util.Objects;

/** One configuration problem, located in its file. */
public record ConfigError(String file, int line, int column, String key, String message) {
  public ConfigError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
  }

  /** {@code FILE:LINE:COLUMN: key: what is wrong (hint)}; the key part is left out when empty. */
  @Override
  public String toString() {
    String where = file + ":" + line + ":" + column + ": ";
    return key == null || key.isEmpty() ? where + message : where + key + ": " + message;
  }
}
