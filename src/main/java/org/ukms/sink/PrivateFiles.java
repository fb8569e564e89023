package org.ukms.sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.ukms.crypto.Secret;
import org.ukms.crypto.StrictBase64;

/**
 * Secret files that are private from creation and replaced atomically: a 0600 temporary file in
 * the same 0700 folder, written and fsynced, renamed over the target, then the folder fsynced. A
 * reader sees the old content or the new, never a torn, empty or world-readable file. Files read
 * back must still be private and ours, and folders must not be writable by others; anything else
 * is an {@link UnsafeFileException}.
 */
public final class PrivateFiles {
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.range(
      PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_EXECUTE);
  /** The user that runs this process, who must own every file ukms reads back. */
  private static final long UID = new com.sun.security.auth.module.UnixSystem().getUid();
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_FOLDER =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private PrivateFiles() {}

  /**
   * A secret file's bytes as Latin-1 characters (the caller zeroes them), the byte copy zeroed;
   * a missing file is {@link java.nio.file.NoSuchFileException}, one that is not private and ours
   * an {@link UnsafeFileException} (see {@link #requirePrivateFile}).
   */
  public static char[] readChars(Path file) throws IOException {
    requirePrivateFile(file);
    byte[] raw = Files.readAllBytes(file);
    char[] text = new char[raw.length];
    for (int i = 0; i < raw.length; i++) {
      text[i] = (char) (raw[i] & 0xff);
    }
    Arrays.fill(raw, (byte) 0);
    return text;
  }

  /** A secret as one Base64 line with its newline, as {@code wg genpsk} prints (caller zeroes). */
  static byte[] base64Line(Secret secret) {
    byte[] text = StrictBase64.encodeSecret(secret).reveal();
    byte[] line = Arrays.copyOf(text, text.length + 1);
    line[text.length] = '\n';
    Arrays.fill(text, (byte) 0);
    return line;
  }

  /**
   * Creates {@code folder} (and missing parents) with mode 0700. An existing folder that group or
   * others may write to is an {@link UnsafeFileException}. Returns false when the folder already
   * existed and others can read or enter it, so the caller can warn.
   */
  public static boolean ensureFolder(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      Files.createDirectories(folder, OWNER_FOLDER);
      return true;
    }
    requireSafeFolder(folder);
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(folder);
    return mode.stream().noneMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
  }

  /**
   * Refuses a folder that group or others may write to: they could replace or plant the files in
   * it. A missing folder is a {@link java.nio.file.NoSuchFileException}.
   */
  public static void requireSafeFolder(Path folder) throws IOException {
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(folder);
    if (mode.contains(PosixFilePermission.GROUP_WRITE)
        || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new UnsafeFileException("\"" + folder + "\" is writable by group or others (mode "
          + octal(mode) + "), who could replace the files in it: chmod 700 " + folder);
    }
  }

  /**
   * Refuses a file ukms wrote for itself (a PSK or chain state) that another user owns or that
   * group or others may access: whoever can write it can plant a key, whoever can read it has
   * one. The owner must be the user running ukms; root (as in {@code ukms check} from a root
   * shell over a service's files) accepts the owner of the file's folder, who could replace the
   * file anyway. A missing file is a {@link java.nio.file.NoSuchFileException}.
   */
  public static void requirePrivateFile(Path file) throws IOException {
    requirePrivateFile(file, UID);
  }

  static void requirePrivateFile(Path file, long uid) throws IOException {
    long owner = owner(file);
    long expected = uid == 0 ? owner(file.toAbsolutePath().getParent()) : uid;
    if (owner != expected) {
      throw new UnsafeFileException("\"" + file + "\" is owned by uid " + owner + ", not by uid "
          + expected + (expected == uid ? ", which runs ukms" : ", the owner of its folder")
          + ": chown " + expected + " " + file);
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
    if (!Collections.disjoint(mode, GROUP_OR_OTHERS)) {
      throw new UnsafeFileException("\"" + file + "\" is accessible by group or others (mode "
          + octal(mode) + "); a key file must be private: chmod 600 " + file);
    }
  }

  private static long owner(Path path) throws IOException {
    return ((Number) Files.getAttribute(path, "unix:uid")).longValue();
  }

  /** {@code 0640} for rw-r-----. */
  static String octal(Set<PosixFilePermission> mode) {
    int bits = 0;
    for (PosixFilePermission p : mode) {
      bits |= 0400 >> p.ordinal();
    }
    return String.format("0%03o", bits);
  }

  /**
   * Creates {@code target} holding {@code content}: mode 0600 from the moment it exists
   * ({@code O_CREAT|O_EXCL}), written, fsynced, then its folder fsynced. Anything already at
   * {@code target}, even a dangling symbolic link, is a
   * {@link java.nio.file.FileAlreadyExistsException} and is left alone; a failed write removes
   * the new file.
   */
  public static void createNew(Path target, byte[] content) throws IOException {
    Path folder = target.toAbsolutePath().getParent();
    try (FileChannel out = FileChannel.open(target,
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OWNER_FILE)) {
      try {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      } catch (IOException e) {
        Files.deleteIfExists(target);
        throw e;
      }
    }
    try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  /** Atomically replaces {@code target} with {@code content}, mode 0600. */
  public static void replace(Path target, byte[] content) throws IOException {
    Path folder = target.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(folder, "." + target.getFileName(), ".tmp", OWNER_FILE);
    try {
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
