package org.ukms.sink;

/** A PSK could not be installed; the previous one stays in place. */
public final class SinkException extends Exception {
  public SinkException(String message, Throwable cause) {
    super(message, cause);
  }
}
