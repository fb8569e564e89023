package org.ukms.kme;

/** A KME call failed; subclasses say whether retrying can help. Never carries key material. */
public abstract class KmeException extends Exception {
  KmeException(String message, Throwable cause) {
    super(message, cause);
  }

  /** True when a later retry may succeed (unreachable, timed out, busy). */
  public abstract boolean isTransient();
}
