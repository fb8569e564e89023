package org.ukms.config;

import java.util.Objects;

/** One configuration problem, located in its file. */
public record ConfigError(String file, int line, int column, String key, String message) {
  public ConfigError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
  }

  /**
   * {@code FILE:LINE:COLUMN: key: what is wrong (hint)}; the key part is left out when empty.
   * Always one line: control characters (a quoted TOML key or string may hold any) are escaped.
   */
  @Override
  public String toString() {
    String where = file + ":" + line + ":" + column + ": ";
    return oneLine(key == null || key.isEmpty() ? where + message : where + key + ": " + message);
  }

  private static String oneLine(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c == '\n') {
        out.append("\\n");
      } else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
