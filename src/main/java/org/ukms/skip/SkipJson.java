package org.ukms.skip;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JSON bodies SKIP answers with (skip.md §4), written by hand. Bodies holding key or entropy
 * bytes are built in one array of the exact size, so no copy of the hex is left behind in a
 * grown buffer; the transport zeroes that array after the write.
 */
final class SkipJson {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private SkipJson() {}

  /** {@code {"keyId":"…","key":"…"}}; {@code keyIdHex} is ASCII hex. */
  static byte[] key(String keyIdHex, byte[] key) {
    byte[] head = ("{\"keyId\":\"" + keyIdHex + "\",\"key\":\"")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] tail = {'"', '}'};
    return withHex(head, key, tail);
  }

  /** {@code {"randomStr":"…","minentropy":N}} with N = 8 × the number of bytes. */
  static byte[] entropy(byte[] random) {
    byte[] head = "{\"randomStr\":\"".getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\",\"minentropy\":" + random.length * 8 + "}")
        .getBytes(StandardCharsets.US_ASCII);
    return withHex(head, random, tail);
  }

  static byte[] capabilities(boolean entropy, String algorithm, String localSystemId,
      List<String> remoteSystemIds) {
    StringBuilder out = new StringBuilder("{\"entropy\":").append(entropy)
        .append(",\"key\":true,\"algorithm\":");
    string(out, algorithm).append(",\"localSystemID\":");
    string(out, localSystemId).append(",\"remoteSystemID\":[");
    for (int i = 0; i < remoteSystemIds.size(); i++) {
      string(i == 0 ? out : out.append(','), remoteSystemIds.get(i));
    }
    return out.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code {"error":"…"}}. */
  static byte[] error(String message) {
    return string(new StringBuilder("{\"error\":"), message).append('}').toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] withHex(byte[] head, byte[] bytes, byte[] tail) {
    byte[] out = new byte[head.length + 2 * bytes.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    int at = head.length;
    for (byte b : bytes) {
      out[at++] = HEX[(b >> 4) & 0xf];
      out[at++] = HEX[b & 0xf];
    }
    System.arraycopy(tail, 0, out, at, tail.length);
    return out;
  }

  private static StringBuilder string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"');
  }
}
