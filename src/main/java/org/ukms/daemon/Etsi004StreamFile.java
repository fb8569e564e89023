package org.ukms.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.ukms.etsi004.KeyStreamId;
import org.ukms.etsi004.StreamLedger;
import org.ukms.sink.PrivateFiles;

/**
 * The initiator's ETSI 004 key stream of one peer, {@code <state_dir>/<alias>.etsi004} (or
 * {@code <alias>.etsi004-fixed} for a KSID fixed in config, so that a stream both ends took keys
 * from is never resumed as one of our own after the config changes): a version line, then
 * {@code KSID next-index} (E004-CL-03). Not secret, but written like the chain state:
 * a 0600 file in a 0700 folder, replaced atomically and fsynced (see {@link PrivateFiles}), and
 * read back only if it is private and ours.
 */
final class Etsi004StreamFile implements StreamLedger {
  private static final String VERSION = "ukms-etsi004-stream 1";
  private final Path file;

  Etsi004StreamFile(Path stateDir, String alias, boolean fixed) {
    this.file = stateDir.resolve(alias + (fixed ? ".etsi004-fixed" : ".etsi004"));
  }

  Path path() {
    return file;
  }

  @Override
  public Optional<Entry> load() throws IOException {
    char[] text;
    try {
      text = PrivateFiles.readChars(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    String[] lines = new String(text).split("\n", -1);
    if (lines.length != 3 || !lines[0].equals(VERSION) || !lines[2].isEmpty()) {
      throw new IOException(file + ": not a ukms ETSI 004 stream file (expected \"" + VERSION
          + "\" and one line \"KSID next-index\")");
    }
    String[] fields = lines[1].split(" ", -1);
    try {
      if (fields.length != 2) {
        throw new IllegalArgumentException("expected \"KSID next-index\"");
      }
      return Optional.of(new Entry(KeyStreamId.parse(fields[0]), Long.parseLong(fields[1])));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ":2: damaged stream line: " + e.getMessage());
    }
  }

  @Override
  public void save(Entry entry) throws IOException {
    PrivateFiles.ensureFolder(file.getParent());
    PrivateFiles.replace(file, (VERSION + "\n" + entry.ksid() + " " + entry.next() + "\n")
        .getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public void clear() throws IOException {
    Files.deleteIfExists(file);
  }
}
