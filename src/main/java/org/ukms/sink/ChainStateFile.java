package org.ukms.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.ukms.crypto.Secret;
import org.ukms.crypto.StrictBase64;

/**
 * The v2 chain state of one peer, {@code <state_dir>/<alias>.state}: a version line, then
 * "epoch chain-key", "previous-epoch chain-key-or-dash" and "confirmed-at-millis psk" (the PSK in
 * force, applied to WireGuard when the daemon starts); 0600 in a 0700 folder, replaced
 * atomically. Keys are parsed from bytes straight into secrets. Version 1 files (no PSK line)
 * still load.
 */
public final class ChainStateFile {
  private static final String VERSION = "ukms-v2-state 2";
  private static final String VERSION_1 = "ukms-v2-state 1";
  private final Path file;

  public ChainStateFile(Path stateDir, String alias) {
    this.file = stateDir.resolve(alias + ".state");
  }

  /**
   * What the file holds; {@code previousKey} may be null, and so may {@code psk} and
   * {@code confirmedAt} (a version 1 file).
   */
  public record State(long epoch, Secret chainKey, long previousEpoch, Secret previousKey,
      Secret psk, java.time.Instant confirmedAt) {
    /** Zeroes every key it holds. */
    public void destroy() {
      for (Secret s : new Secret[] {chainKey, previousKey, psk}) {
        if (s != null) {
          s.destroy();
        }
      }
    }
  }

  public Path path() {
    return file;
  }

  public void save(State state) throws IOException {
    byte[] ck = StrictBase64.encodeSecret(state.chainKey()).reveal();
    byte[] prev = state.previousKey() == null ? "-".getBytes(StandardCharsets.US_ASCII)
        : StrictBase64.encodeSecret(state.previousKey()).reveal();
    byte[] head = (VERSION + "\n" + state.epoch() + " ").getBytes(StandardCharsets.US_ASCII);
    byte[] mid = ("\n" + state.previousEpoch() + " ").getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\n" + state.confirmedAt().toEpochMilli() + " ")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] psk = StrictBase64.encodeSecret(state.psk()).reveal();
    byte[] out = new byte[head.length + ck.length + mid.length + prev.length + tail.length
        + psk.length + 1];
    int at = 0;
    for (byte[] part : new byte[][] {head, ck, mid, prev, tail, psk}) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    out[at] = '\n';
    try {
      PrivateFiles.ensureFolder(file.getParent());
      PrivateFiles.replace(file, out);
    } finally {
      Arrays.fill(ck, (byte) 0);
      Arrays.fill(prev, (byte) 0);
      Arrays.fill(psk, (byte) 0);
      Arrays.fill(out, (byte) 0);
    }
  }

  /** The saved state, or empty if there is none; a damaged file is an IOException. */
  public Optional<State> load() throws IOException {
    char[] text;
    try {
      text = PrivateFiles.readChars(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      int[] lines = lineStarts(text);
      String version = lines.length < 2 ? "" : new String(text, 0, lines[1] - 1);
      boolean v1 = lines.length == 3 && version.equals(VERSION_1);
      if (!v1 && !(lines.length == 4 && version.equals(VERSION))) {
        throw new IOException(file + ": not a ukms v2 state file");
      }
      Object[] current = entry(text, lines[1], lines[2] - 1);
      Object[] previous = entry(text, lines[2], (v1 ? text.length : lines[3]) - 1);
      Object[] psk = v1 ? new Object[] {null, null} : entry(text, lines[3], text.length - 1);
      if (current[1] == null || !v1 && psk[1] == null) {
        throw new IOException(file + ": damaged state line");
      }
      return Optional.of(new State((Long) current[0], (Secret) current[1], (Long) previous[0],
          (Secret) previous[1], (Secret) psk[1],
          psk[0] == null ? null : java.time.Instant.ofEpochMilli((Long) psk[0])));
    } finally {
      Arrays.fill(text, '\0');
    }
  }

  private Object[] entry(char[] text, int from, int to) throws IOException {
    int space = -1;
    for (int i = from; i < to; i++) {
      if (text[i] == ' ') {
        space = i;
        break;
      }
    }
    if (space < 0) {
      throw new IOException(file + ": damaged state line");
    }
    long epoch;
    try {
      epoch = Long.parseLong(new String(text, from, space - from));
    } catch (NumberFormatException e) {
      throw new IOException(file + ": damaged epoch");
    }
    if (to - space - 1 == 1 && text[space + 1] == '-') {
      return new Object[] {epoch, null};
    }
    Secret key = StrictBase64.decodeSecret(text, space + 1, to - space - 1)
        .orElseThrow(() -> new IOException(file + ": damaged chain key"));
    return new Object[] {epoch, key};
  }

  private static int[] lineStarts(char[] text) {
    int n = 1;
    for (int i = 0; i < text.length - 1; i++) {
      if (text[i] == '\n') {
        n++;
      }
    }
    int[] starts = new int[n];
    for (int i = 0, k = 1; i < text.length - 1; i++) {
      if (text[i] == '\n') {
        starts[k++] = i + 1;
      }
    }
    return starts;
  }
}
