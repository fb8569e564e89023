package org.ukms.skip;

import java.nio.charset.StandardCharsets;

/** Outside text (paths, identities, system IDs) made safe for one {@code key=value} log line. */
final class SkipLog {
  static final int MAX_CHARS = 128;

  private SkipLog() {}

  /**
   * {@code text} with every byte outside printable ASCII, and space and {@code %}, percent-encoded
   * (so a log line stays one line and one token), cut to {@value #MAX_CHARS} characters.
   */
  static String printable(String text) {
    boolean cut = text.length() > MAX_CHARS;
    String head = cut ? text.substring(0, MAX_CHARS) : text;
    StringBuilder out = new StringBuilder(head.length() + 8);
    for (byte b : head.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c > 0x20 && c < 0x7f && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return cut ? out.append("...").toString() : out.toString();
  }
}
