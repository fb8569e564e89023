package org.ukms.sink;

import java.io.IOException;

/**
 * A file or folder ukms keeps for itself is open to others: a folder group or others may write
 * to, or a file another user owns or group or others may access. The message is one line naming
 * the path and the command that fixes it; the daemon treats it as a configuration error.
 */
public final class UnsafeFileException extends IOException {
  public UnsafeFileException(String message) {
    super(message);
  }
}
