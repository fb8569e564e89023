package org.ukms.skip;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * The request target of a SKIP request, parsed strictly: which endpoint its path names, and its
 * query parameters percent-decoded (RFC 3986: {@code %XX} with two hex digits, then UTF-8;
 * {@code +} is a plain plus). A bad escape, bytes that are not UTF-8, a control character or a
 * parameter given twice is a {@link BadRequestException}; empty parameters ({@code a&&b}) and
 * unknown names are ignored.
 */
final class SkipTarget {
  /** The endpoints of skip.md §3, and everything else. */
  enum Route {
    CAPABILITIES,
    KEY,
    KEY_BY_ID,
    ENTROPY,
    UNKNOWN
  }

  static final Set<String> KNOWN = Set.of("remoteSystemID", "size", "minentropy");
  private static final String KEY_PREFIX = "/key/";

  private SkipTarget() {}

  /** The endpoint {@code rawPath} names; exact and case-sensitive, no trailing slash. */
  static Route route(String rawPath) {
    switch (rawPath) {
      case "/capabilities":
        return Route.CAPABILITIES;
      case "/key":
        return Route.KEY;
      case "/entropy":
        return Route.ENTROPY;
      default:
        boolean byId = rawPath.startsWith(KEY_PREFIX)
            && rawPath.indexOf('/', KEY_PREFIX.length()) < 0;
        return byId ? Route.KEY_BY_ID : Route.UNKNOWN;
    }
  }

  /** The keyId segment of a {@link Route#KEY_BY_ID} path, percent-decoded (may be empty). */
  static String keyIdSegment(String rawPath) throws BadRequestException {
    return decode(rawPath.substring(KEY_PREFIX.length()), "malformed keyId");
  }

  /** The parameters of {@code rawQuery} (null for none), decoded; each name at most once. */
  static Map<String, String> parameters(String rawQuery) throws BadRequestException {
    Map<String, String> out = new HashMap<>();
    if (rawQuery == null) {
      return out;
    }
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), "malformed query");
      String value = decode(eq < 0 ? "" : pair.substring(eq + 1), "malformed query");
      if (out.putIfAbsent(name, value) != null) {
        throw new BadRequestException(KNOWN.contains(name)
            ? "duplicate query parameter " + name : "duplicate query parameter");
      }
    }
    return out;
  }

  /**
   * Strict percent-decoding: raw characters must be printable ASCII, every {@code %} must start
   * two hex digits, the bytes must be UTF-8 and decode to no control character.
   */
  static String decode(String raw, String error) throws BadRequestException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int hi = i + 2 < raw.length() ? hexValue(raw.charAt(i + 1)) : -1;
        int lo = hi >= 0 ? hexValue(raw.charAt(i + 2)) : -1;
        if (lo < 0) {
          throw new BadRequestException(error + ": bad percent escape");
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c > 0x20 && c < 0x7f) {
        bytes.write(c);
      } else {
        throw new BadRequestException(error + ": character not allowed");
      }
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadRequestException(error + ": not UTF-8");
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        throw new BadRequestException(error + ": control character");
      }
    }
    return text;
  }

  private static int hexValue(char c) {
    return HexFormat.isHexDigit(c) ? HexFormat.fromHexDigit(c) : -1;
  }
}
