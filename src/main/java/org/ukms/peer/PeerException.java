package org.ukms.peer;

/** A call to a peer daemon failed. Never carries key material. */
public final class PeerException extends Exception {
  private final boolean transientFailure;

  private PeerException(String message, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  static PeerException unavailable(String message, Throwable cause) {
    return new PeerException(message, true, cause);
  }

  static PeerException answered(int status, String message) {
    return new PeerException(message, status >= 500, null);
  }

  static PeerException malformed(String message) {
    return new PeerException(message, true, null);
  }

  /** True when a retry may succeed: unreachable, timed out, busy, or a garbled answer. */
  public boolean isTransient() {
    return transientFailure;
  }
}
