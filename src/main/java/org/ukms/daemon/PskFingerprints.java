package org.ukms.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.ukms.crypto.Fingerprint;
import org.ukms.crypto.Secret;
import org.ukms.crypto.StrictBase64;

/**
 * Fingerprints ({@link Fingerprint#of}, the {@code psk_fingerprint=} of the logs) of the PSKs in
 * a text: either one PSK line as {@code wg genpsk} prints it (ukms and uKMS PSK files, with or
 * without the newline), or the output of {@code wg show IFACE preshared-keys}, one
 * {@code <peer public key> TAB <psk>|(none)} line per peer. Errors name a line, never its text.
 */
public final class PskFingerprints {
  private static final Pattern WG_KEY = Pattern.compile("[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=");
  private static final int PSK_BYTES = 32;

  private PskFingerprints() {}

  /** One result line: {@code peer} is null for a bare PSK; {@code fingerprint} null for none. */
  public record Entry(String peer, String fingerprint) {
    /** {@code <fingerprint>}, or {@code <peer> <fingerprint>|none}. */
    public String line() {
      String fp = fingerprint == null ? "none" : fingerprint;
      return peer == null ? fp : peer + " " + fp;
    }
  }

  /** A text that is neither form; {@code line} is 1-based, the message never quotes the text. */
  public static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    MalformedException(int line, String message) {
      super(message);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  /** The entries of {@code text} (ASCII, one char per byte). The caller zeroes {@code text}. */
  public static List<Entry> of(char[] text) throws MalformedException {
    List<int[]> lines = lines(text);
    if (lines.isEmpty()) {
      throw new MalformedException(1, "empty; expected a PSK (44 Base64 characters)");
    }
    if (lines.size() == 1 && indexOf(text, lines.get(0), '\t') < 0) {
      int[] l = lines.get(0);
      return List.of(new Entry(null, fingerprint(text, l[0], l[1] - l[0], 1)));
    }
    List<Entry> entries = new ArrayList<>();
    for (int n = 0; n < lines.size(); n++) {
      int[] l = lines.get(n);
      int tab = indexOf(text, l, '\t');
      if (tab < 0) {
        throw new MalformedException(n + 1, "expected <peer public key> TAB <psk> or (none), "
            + "as wg show IFACE preshared-keys prints");
      }
      String peer = new String(text, l[0], tab - l[0]);
      if (!WG_KEY.matcher(peer).matches()) {
        throw new MalformedException(n + 1, "the peer public key is not a WireGuard key");
      }
      int start = tab + 1;
      int length = l[1] - start;
      boolean none = equals(text, start, length, "(none)");
      entries.add(new Entry(peer, none ? null : fingerprint(text, start, length, n + 1)));
    }
    return entries;
  }

  private static String fingerprint(char[] text, int start, int length, int line)
      throws MalformedException {
    Optional<Secret> psk = StrictBase64.decodeSecret(text, start, length);
    if (psk.isEmpty() || psk.get().length() != PSK_BYTES) {
      psk.ifPresent(Secret::destroy);
      throw new MalformedException(line, "not a PSK (expected 44 Base64 characters for 32 bytes)");
    }
    try {
      return Fingerprint.of(psk.get());
    } finally {
      psk.get().destroy();
    }
  }

  /** [start, end) of each line without its newline; a final newline ends the last line. */
  private static List<int[]> lines(char[] text) {
    List<int[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= text.length; i++) {
      if (i == text.length ? i > start : text[i] == '\n') {
        lines.add(new int[] {start, i});
        start = i + 1;
      }
    }
    return lines;
  }

  private static boolean equals(char[] text, int start, int length, String expected) {
    if (length != expected.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (text[start + i] != expected.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(char[] text, int[] line, char c) {
    for (int i = line[0]; i < line[1]; i++) {
      if (text[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
