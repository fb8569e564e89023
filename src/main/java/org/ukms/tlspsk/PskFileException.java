package org.ukms.tlspsk;

/** A PSK file that cannot be used: one line naming the file and the problem, never its content. */
public final class PskFileException extends Exception {
  PskFileException(String message) {
    super(message);
  }
}
