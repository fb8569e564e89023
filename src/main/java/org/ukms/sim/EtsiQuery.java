package org.ukms.sim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The GET forms of ETSI 014 requests: query parameters, percent-decoding and integers, parsed by
 * hand (no regex per request). A malformed query raises {@link BadRequest}.
 */
final class EtsiQuery {
  private EtsiQuery() {}

  /** A parsed Key request: number, size (0 = default), or why it is refused. */
  record KeyRequest(int number, int size, SimAnswer.Refused refused) {}

  static KeyRequest encKeys(String rawQuery) {
    int number = 1;
    int size = 0;
    List<String> seen = new ArrayList<>();
    for (String[] p : params(rawQuery)) {
      if (!p[0].equals("number") && !p[0].equals("size")) {
        throw new BadRequest("GET enc_keys takes only number and size; use POST for "
            + EtsiFrontEnd.clip(p[0]));
      }
      if (seen.contains(p[0])) {
        throw new BadRequest(p[0] + " given twice");
      }
      seen.add(p[0]);
      int value = integer(p[0], p[1]);
      if (p[0].equals("number")) {
        number = value;
      } else {
        size = value;
        if (size == 0) {
          throw new BadRequest("size must be positive");
        }
      }
    }
    return new KeyRequest(number, size, null);
  }

  static List<String> decKeys(String rawQuery) {
    List<String> ids = new ArrayList<>();
    for (String[] p : params(rawQuery)) {
      if (!p[0].equals("key_ID")) {
        throw new BadRequest("GET dec_keys takes only key_ID; use POST for more");
      }
      ids.add(p[1]);
    }
    if (ids.size() != 1) {
      throw new BadRequest("GET dec_keys needs exactly one key_ID, found " + ids.size());
    }
    return ids;
  }

  private static List<String[]> params(String rawQuery) {
    List<String[]> out = new ArrayList<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new BadRequest("malformed query parameter " + EtsiFrontEnd.clip(pair));
      }
      out.add(new String[] {decode(pair.substring(0, eq)), decode(pair.substring(eq + 1))});
    }
    return out;
  }

  static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s; // nothing to decode
    }
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("malformed percent-encoding in the query");
    }
  }

  /** One to nine ASCII digits (hand-parsed: no regex on the hot path). */
  private static int integer(String name, String text) {
    int n = text.length();
    int value = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        n = 0;
        break;
      }
      value = value * 10 + (c - '0');
    }
    if (n < 1 || n > 9) {
      throw new BadRequest(name + " must be a non-negative integer, found "
          + EtsiFrontEnd.clip(text));
    }
    return value;
  }
}
