package org.ukms.tlspsk;

/**
 * A TLS-PSK request that got no HTTP answer: the server could not be reached, the handshake
 * failed (the message names the alert), or the connection broke. One line, naming the server;
 * never a PSK. An HTTP answer with any status is no exception.
 */
public final class PskHttpException extends Exception {
  private final String alert;

  PskHttpException(String message, String alert) {
    super(message);
    this.alert = alert;
  }

  /** The TLS alert that ended the handshake ({@code unknown_psk_identity}), or null. */
  public String alert() {
    return alert;
  }
}
