package org.ukms.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What to tell an operator whose auth key file cannot be used. Only a missing file is fixed by
 * {@code ukms keygen}: for an unreadable or malformed one, a new key would be one the peer does not
 * have, so the advice is to fix the file or copy the pair's key from the peer.
 */
public final class AuthKeyHint {
  private AuthKeyHint() {}

  /** The file does not exist. */
  public static String missing(Path file) {
    return "cannot read \"" + file + "\": no such file (create the pair's key with: ukms keygen "
        + file + ", on one node, then copy it to the other)";
  }

  /** The file exists but this user cannot read it. */
  public static String denied(Path file) {
    return "cannot read \"" + file + "\": permission denied for user "
        + System.getProperty("user.name") + " (give the user that runs ukms read access, e.g. "
        + "chown it; do not generate a new key: the peer holds this one)";
  }

  /** The file is read but is not a key. */
  public static String malformed(Path file) {
    return "\"" + file + "\" is not a ukms auth key (one line of Base64 of 32 random bytes): copy "
        + "the pair's key from the peer; do not generate a new one (the peer would not have it)";
  }

  /** {@link #missing} or {@link #denied}, whichever applies to a file that cannot be read. */
  static String unreadable(Path file) {
    return Files.notExists(file) ? missing(file) : denied(file);
  }
}
