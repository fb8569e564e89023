package org.ukms.tlspsk;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;
import org.ukms.crypto.Secret;

/**
 * Reads an encryptor's PSK file: one line, {@link PskFormat#HEX} or {@link PskFormat#ASCII}, a
 * trailing newline ignored; the file must be private (no group or other permission bits, as
 * for every ukms secret file). Errors are one line naming the file and never its content.
 * SKIP-TLS-08: {@code hex} of a string's bytes and {@code ascii} of that string give one PSK.
 */
public final class PskFiles {
  /** Larger files are no PSK file. */
  static final int MAX_BYTES = 4096;

  private PskFiles() {}

  /** The PSK in {@code file}; a {@link PskFileException} saying what is wrong otherwise. */
  public static Secret read(Path file, PskFormat format) throws PskFileException {
    byte[] raw = readPrivate(file);
    try {
      int end = raw.length;
      if (end > 0 && raw[end - 1] == '\n') {
        end--;
        if (end > 0 && raw[end - 1] == '\r') {
          end--;
        }
      }
      if (end == 0) {
        throw new PskFileException("\"" + file + "\" is empty; expected one line with the PSK");
      }
      return format == PskFormat.HEX ? hex(file, raw, end) : ascii(file, raw, end);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private static byte[] readPrivate(Path file) throws PskFileException {
    try {
      if (!Files.isRegularFile(file)) {
        throw new PskFileException(Files.isDirectory(file) ? "\"" + file
            + "\" is a folder, not a PSK file" : "\"" + file + "\": no such file");
      }
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (mode.stream().anyMatch(p -> !p.name().startsWith("OWNER_"))) {
        throw new PskFileException("\"" + file + "\" is accessible by group or others (mode "
            + octal(mode) + "); a secret must be private: chmod 600 " + file);
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new PskFileException("\"" + file + "\" is larger than " + MAX_BYTES
            + " bytes; expected one line with the PSK");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new PskFileException("\"" + file + "\": no such file");
    } catch (AccessDeniedException e) {
      throw new PskFileException("cannot read \"" + file + "\" (permission denied)");
    } catch (UnsupportedOperationException e) {
      throw new PskFileException("\"" + file + "\": the file system has no POSIX permissions "
          + "to check");
    } catch (IOException e) {
      throw new PskFileException("cannot read \"" + file + "\" (" + e.getClass().getSimpleName()
          + ")");
    }
  }

  private static Secret hex(Path file, byte[] raw, int end) throws PskFileException {
    if (end % 2 != 0) {
      throw new PskFileException("\"" + file + "\": expected an even number of hex digits on "
          + "one line (psk format hex), found " + end + " characters");
    }
    byte[] key = new byte[end / 2];
    try {
      for (int i = 0; i < end; i += 2) {
        int hi = Character.digit(raw[i], 16);
        int lo = Character.digit(raw[i + 1], 16);
        if (hi < 0 || lo < 0) {
          throw new PskFileException("\"" + file + "\": not a hex digit at column "
              + (hi < 0 ? i + 1 : i + 2) + " (psk format hex expects only 0-9 and a-f)");
        }
        key[i / 2] = (byte) (hi << 4 | lo);
      }
      return Secret.copyOf(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static Secret ascii(Path file, byte[] raw, int end) throws PskFileException {
    for (int i = 0; i < end; i++) {
      if (raw[i] < 0x20 || raw[i] > 0x7e) {
        throw new PskFileException("\"" + file + "\": not a printable ASCII character at column "
            + (i + 1) + " (psk format ascii expects one line of printable ASCII)");
      }
    }
    byte[] key = Arrays.copyOf(raw, end);
    try {
      return Secret.copyOf(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** {@code 0640} for rw-r-----. */
  private static String octal(Set<PosixFilePermission> mode) {
    int bits = 0;
    for (PosixFilePermission p : mode) {
      bits |= 0400 >> p.ordinal();
    }
    return String.format("0%03o", bits);
  }
}
