package org.ukms.kme;

/** The KME answered 2xx with a body that breaks ETSI 014; the message names the field. */
public final class KmeProtocolException extends RuntimeException {
  public KmeProtocolException(String message) {
    super(message);
  }
}
