package org.ukms.skip;

/**
 * POSIX fnmatch for remote system IDs (docs/skip.md; skip.md section 13 #10): {@code *} any run,
 * {@code ?} one character, {@code [list]} and {@code [!list]} with ranges {@code a-z}; anchored at
 * both ends, {@code .} literal, an unclosed {@code [} literal. Iterative, so a long pattern cannot
 * blow the stack.
 */
final class SystemIdGlob {
  private SystemIdGlob() {}

  static boolean matches(String pattern, String text) {
    int p = 0;
    int t = 0;
    int starP = -1;
    int starT = -1;
    while (t < text.length()) {
      int step = p < pattern.length() ? one(pattern, p, text.charAt(t)) : -1;
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        starP = p++;
        starT = t;
      } else if (step > 0) {
        p += step;
        t++;
      } else if (starP >= 0) {
        p = starP + 1;
        t = ++starT;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  /** How many pattern characters match {@code c} at {@code p}: 0 for no match (or a star). */
  private static int one(String pattern, int p, char c) {
    char first = pattern.charAt(p);
    if (first == '*') {
      return 0;
    }
    if (first == '?') {
      return 1;
    }
    if (first == '[') {
      int i = p + 1;
      boolean negate = i < pattern.length() && pattern.charAt(i) == '!';
      if (negate) {
        i++;
      }
      int start = i;
      boolean hit = false;
      while (i < pattern.length() && (pattern.charAt(i) != ']' || i == start)) {
        char lo = pattern.charAt(i);
        if (i + 2 < pattern.length() && pattern.charAt(i + 1) == '-'
            && pattern.charAt(i + 2) != ']') {
          hit |= lo <= c && c <= pattern.charAt(i + 2);
          i += 3;
        } else {
          hit |= lo == c;
          i++;
        }
      }
      if (i >= pattern.length()) {
        return c == '[' ? 1 : 0; // no closing bracket: a literal [
      }
      return hit != negate ? i + 1 - p : 0;
    }
    return first == c ? 1 : 0;
  }
}
