package org.ukms.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * The secret files a configuration names (auth keys, link secrets, TLS private keys) must be
 * private, as {@code wg} demands of its keys ("is world accessible"), only stricter: a file that
 * group or others may open at all is a configuration error whose message holds the fix.
 */
final class SecretFiles {
  private SecretFiles() {}

  /** Why {@code file} is not private, as one line with the fix; empty if it is private. */
  static Optional<String> problem(Path file) {
    Set<PosixFilePermission> mode;
    try {
      mode = Files.getPosixFilePermissions(file);
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty(); // unreadable files are reported as such; no POSIX modes, no check
    }
    if (mode.stream().noneMatch(SecretFiles::groupOrOthers)) {
      return Optional.empty();
    }
    return Optional.of("\"" + file + "\" is accessible by group or others (mode " + octal(mode)
        + "); a secret must be private: chmod 600 " + file);
  }

  private static boolean groupOrOthers(PosixFilePermission p) {
    return p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_");
  }

  /** {@code 0640} for rw-r-----. */
  static String octal(Set<PosixFilePermission> mode) {
    int bits = 0;
    for (PosixFilePermission p : mode) {
      bits |= 0400 >> p.ordinal();
    }
    return String.format("0%03o", bits);
  }
}
