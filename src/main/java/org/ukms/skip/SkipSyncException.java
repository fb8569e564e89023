package org.ukms.skip;

/** A key could not be synchronised with the peer Key Provider; the message is one line, no key. */
public final class SkipSyncException extends Exception {
  private static final long serialVersionUID = 1L;

  public SkipSyncException(String message) {
    super(message);
  }

  public SkipSyncException(String message, Throwable cause) {
    super(message, cause);
  }
}
