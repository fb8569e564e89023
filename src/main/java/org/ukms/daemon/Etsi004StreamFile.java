package org.ukms.daemon;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
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
 * read back only if it is private and ours. While a key source uses it, an exclusive lock on
 * {@code <file>.lock} (kept, 0600) claims it: a second source, in this process or another daemon
 * on the same {@code state_dir}, is refused. The state file itself cannot carry the lock: each
 * save replaces it.
 */
final class Etsi004StreamFile implements StreamLedger {
  private static final String VERSION = "ukms-etsi004-stream 1";
  private final Path file;
  private final Path lockFile;
  private FileChannel channel;
  private FileLock lock;

  Etsi004StreamFile(Path stateDir, String alias, boolean fixed) {
    this.file = stateDir.resolve(alias + (fixed ? ".etsi004-fixed" : ".etsi004"));
    this.lockFile = stateDir.resolve(file.getFileName() + ".lock");
  }

  Path path() {
    return file;
  }

  @Override
  public synchronized void acquire() throws IOException {
    if (lock != null) {
      return;
    }
    PrivateFiles.ensureFolder(file.getParent());
    FileChannel opened = FileChannel.open(lockFile, java.util.Set.of(StandardOpenOption.CREATE,
        StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    FileLock got;
    try {
      got = opened.tryLock();
    } catch (OverlappingFileLockException e) {
      got = null; // held by another source in this process
    } catch (IOException e) {
      opened.close();
      throw e;
    }
    if (got == null) {
      opened.close();
      throw new IOException(file + ": in use by another ETSI 004 key source (" + lockFile
          + " is locked: another ukms on this state_dir, or this peer's previous session still "
          + "closing)");
    }
    channel = opened;
    lock = got;
  }

  @Override
  public synchronized void release() {
    if (lock == null) {
      return;
    }
    try {
      channel.close(); // releases the lock
    } catch (IOException e) {
      // the descriptor is gone either way, and the lock with it
    }
    lock = null;
    channel = null;
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
