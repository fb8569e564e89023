package org.ukms.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A fuzz input read as text fields, so seed files stay readable: the first {@code n} lines (each
 * byte one Latin-1 character, the newline dropped), then the rest as raw bytes. Missing lines
 * are empty.
 */
public final class FuzzLines {
  private final String[] lines;
  private final byte[] rest;

  private FuzzLines(String[] lines, byte[] rest) {
    this.lines = lines;
    this.rest = rest;
  }

  public static FuzzLines of(byte[] input, int n) {
    String[] lines = new String[n];
    int at = 0;
    for (int i = 0; i < n; i++) {
      int end = at;
      while (end < input.length && input[end] != '\n') {
        end++;
      }
      lines[i] = new String(input, at, end - at, StandardCharsets.ISO_8859_1);
      at = Math.min(end + 1, input.length);
    }
    return new FuzzLines(lines, Arrays.copyOfRange(input, at, input.length));
  }

  public String line(int i) {
    return lines[i];
  }

  /** Line {@code i} as an int, or {@code fallback} if it is not one. */
  public int number(int i, int fallback) {
    try {
      return Integer.parseInt(lines[i].trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** Everything after the lines. */
  public byte[] rest() {
    return rest.clone();
  }
}
