package org.ukms.sim;

import java.io.IOException;

/**
 * The embedded fake QKD API could not start; names the configuration key the failure is about
 * (the link secret file, or a BB84 link address), so the daemon reports it located in the file.
 */
public final class FakeQkdStartException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String key;

  FakeQkdStartException(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /** The configuration key, e.g. {@code fake_qkd_link_listen}. */
  public String key() {
    return key;
  }
}
