package org.ukms.tlspsk;

/** Character classes of RFC 9110 §5.6.2 (token) and §5.5 (field values). */
final class HttpSyntax {
  private static final String TCHAR_SPECIALS = "!#$%&'*+-.^_`|~";

  private HttpSyntax() {}

  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!alnum && TCHAR_SPECIALS.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Visible US-ASCII only (a request target: no spaces, no controls, no bytes above 0x7e). */
  static boolean isVisible(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** Visible characters, space, tab and obs-text (0x80-0xff); no other controls. */
  static boolean isFieldValue(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** Without leading and trailing spaces and tabs (optional whitespace, RFC 9110 §5.6.3). */
  static String trimOws(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(start, end);
  }
}
