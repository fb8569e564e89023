package org.ukms.skip;

/**
 * POSIX {@code fnmatch} with no flags, as SKIP's {@code remoteSystemID} globs need (skip.md §13
 * #10): {@code *} any run of characters, {@code ?} one character, {@code [list]} and
 * {@code [!list]} one character in (or not in) the list, with ranges {@code a-z}; anchored at both
 * ends. Every other character is literal, {@code .} and {@code /} included. A {@code ]} right
 * after {@code [} or {@code [!} belongs to the list; a {@code [} without a closing {@code ]} is
 * literal; {@code -} first or last in a list is literal; a reversed range matches nothing;
 * backslash is an ordinary character (no escapes, as in Python's {@code fnmatchcase}, which
 * {@code FnmatchTest} uses as the reference). Characters are Unicode code points.
 */
final class Fnmatch {
  private Fnmatch() {}

  static boolean matches(String pattern, String name) {
    int[] p = pattern.codePoints().toArray();
    int[] s = name.codePoints().toArray();
    int pi = 0;
    int si = 0;
    int starP = -1; // pattern index just after the last '*'
    int starS = -1; // name index that '*' was last made to stop at
    while (si < s.length) {
      if (pi < p.length && p[pi] == '*') {
        starP = ++pi;
        starS = si;
        continue;
      }
      int next = pi < p.length ? matchOne(p, pi, s[si]) : -1;
      if (next >= 0) {
        pi = next;
        si++;
      } else if (starP >= 0) {
        pi = starP; // let the last '*' swallow one more character and retry
        si = ++starS;
      } else {
        return false;
      }
    }
    while (pi < p.length && p[pi] == '*') {
      pi++;
    }
    return pi == p.length;
  }

  /**
   * Matches the single-character element at {@code p[pi]} against {@code c}: the index after the
   * element when it matches, -1 when not.
   */
  private static int matchOne(int[] p, int pi, int c) {
    if (p[pi] == '?') {
      return pi + 1;
    }
    if (p[pi] == '[') {
      int close = closingBracket(p, pi);
      if (close > 0) {
        return inList(p, pi + 1, close, c) ? close + 1 : -1;
      }
    }
    return p[pi] == c ? pi + 1 : -1;
  }

  /** The index of the {@code ]} that ends the list opened at {@code open}, or -1. */
  private static int closingBracket(int[] p, int open) {
    int i = open + 1;
    if (i < p.length && p[i] == '!') {
      i++;
    }
    if (i < p.length && p[i] == ']') {
      i++;
    }
    while (i < p.length && p[i] != ']') {
      i++;
    }
    return i < p.length ? i : -1;
  }

  private static boolean inList(int[] p, int from, int close, int c) {
    boolean negate = p[from] == '!'; // the list is never empty: closingBracket skips one ']'
    int i = negate ? from + 1 : from;
    boolean found = false;
    while (i < close) {
      if (i + 2 < close && p[i + 1] == '-') {
        found |= p[i] <= c && c <= p[i + 2];
        i += 3;
      } else {
        found |= p[i] == c;
        i++;
      }
    }
    return found != negate;
  }
}
