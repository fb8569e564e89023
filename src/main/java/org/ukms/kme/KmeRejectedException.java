package org.ukms.kme;

/**
 * The KME answered with an error status (or the client refused to send a request the KME's
 * status says it cannot serve, with status 0). 5xx answers are transient; 4xx are not.
 */
public final class KmeRejectedException extends KmeException {
  /** The fixed ETSI 014 message for a key that the KME no longer holds (C-15). */
  public static final String KEYS_NOT_FOUND = "one or more keys specified are not found on KME";

  private final int status;
  private final String etsiMessage;

  public KmeRejectedException(int status, String etsiMessage, String message) {
    super(message, null);
    this.status = status;
    this.etsiMessage = etsiMessage;
  }

  public int status() {
    return status;
  }

  /** The Error body's {@code message}, sanitised, or null when the body had none. */
  public String etsiMessage() {
    return etsiMessage;
  }

  /** The KME says it no longer has the keys: they were consumed or lost (C-15). */
  public boolean keysNotFound() {
    return status == 400 && KEYS_NOT_FOUND.equals(etsiMessage);
  }

  @Override
  public boolean isTransient() {
    return status >= 500;
  }
}
