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
import java.util.Set;
import org.ukms.crypto.Secret;
import org.ukms.crypto.StrictBase64;

/**
 * Secret files that are private from creation and replaced atomically: a 0600 temporary file in
 * the same 0700 folder, written and fsynced, renamed over the target, then the folder fsynced. A
 * reader sees the old content or the new, never a torn, empty or world-readable file.
 */
public final class PrivateFiles {
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_FOLDER =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private PrivateFiles() {}

  /**
   * A secret file's bytes as Latin-1 characters (the caller zeroes them), the byte copy zeroed;
   * a missing file is {@link java.nio.file.NoSuchFileException}.
   */
  public static char[] readChars(Path file) throws IOException {
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
   * Creates {@code folder} (and missing parents) with mode 0700. Returns false when the folder
   * already existed and others can read or enter it, so the caller can warn.
   */
  public static boolean ensureFolder(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      Files.createDirectories(folder, OWNER_FOLDER);
      return true;
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(folder);
    return mode.stream().noneMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
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
