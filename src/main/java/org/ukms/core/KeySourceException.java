package org.ukms.core;

/**
 * A key source failed; the message is one line, names no secret, and says where. Transient
 * failures (unavailable, no key yet, a timeout) are retried soon; others wait a period.
 */
public final class KeySourceException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean transientFailure;

  public KeySourceException(String message, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  public boolean isTransient() {
    return transientFailure;
  }
}
