package org.ukms.tlspsk;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * PSK identities on the wire: the UTF-8 bytes of the configured name (skip.md §13 #11), and a
 * printable form of what a client offered for logs (offered identities are chosen by the client,
 * so they are escaped and cut short, never printed raw).
 */
final class Identities {
  /** Longest identity shown in a log line. */
  static final int MAX_SHOWN = 64;

  private Identities() {}

  /** The name whose UTF-8 encoding is {@code raw}, or null when {@code raw} is not UTF-8. */
  static String decode(byte[] raw) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Printable ASCII as itself (quoted), anything else as hex; at most {@link #MAX_SHOWN}. */
  static String printable(byte[] raw) {
    int n = Math.min(raw.length, MAX_SHOWN);
    boolean ascii = true;
    for (int i = 0; i < n; i++) {
      ascii &= raw[i] >= 0x20 && raw[i] < 0x7f && raw[i] != '"' && raw[i] != '\\';
    }
    String shown = ascii ? "\"" + new String(raw, 0, n, StandardCharsets.US_ASCII) + "\""
        : "hex:" + HexFormat.of().formatHex(raw, 0, n);
    return raw.length > n ? shown + "..." : shown;
  }
}
