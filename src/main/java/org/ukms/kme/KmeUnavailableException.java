package org.ukms.kme;

/** The KME could not be reached or did not answer in time. */
public final class KmeUnavailableException extends KmeException {
  public KmeUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean isTransient() {
    return true;
  }
}
