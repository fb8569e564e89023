package org.ukms.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * Turns an {@link IOException} into one line that names the cause. The JDK's file exceptions
 * often carry only the path as their message ({@code AccessDeniedException: /var/lib/x}), which
 * printed alone reads as if the path were the error.
 */
public final class IoErrors {
  private IoErrors() {}

  /**
   * The cause alone, lower case: "permission denied", "no such file or directory", "read-only
   * file system", "no space left on device", ...; else the class name and the message.
   */
  public static String cause(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "file exists";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "directory not empty";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return oneLine(f.getReason().toLowerCase(Locale.ROOT));
    }
    String message = e.getMessage();
    for (String known : new String[] {"Permission denied", "No space left on device",
        "Read-only file system", "Disk quota exceeded", "Input/output error"}) {
      if (message != null && message.contains(known)) {
        return known.toLowerCase(Locale.ROOT);
      }
    }
    return oneLine(e.getClass().getSimpleName() + (message == null ? "" : ": " + message));
  }

  /**
   * {@code PATH: cause} for a file exception (both paths for a move), else the message with the
   * cause added when the message does not already say it.
   */
  public static String describe(IOException e) {
    if (e instanceof FileSystemException f && f.getFile() != null) {
      String where = f.getOtherFile() == null ? f.getFile() : f.getFile() + " -> " + f.getOtherFile();
      return oneLine(where + ": " + cause(e));
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return cause(e);
    }
    Throwable inner = e.getCause();
    if (inner instanceof IOException io && !(inner == e)) {
      String innerCause = cause(io);
      if (!message.toLowerCase(Locale.ROOT).contains(innerCause)) {
        return oneLine(message + " (" + describe(io) + ")");
      }
    }
    return oneLine(message);
  }

  private static String oneLine(String text) {
    return text.replace("\r", "").replace("\n", " ").strip();
  }
}
