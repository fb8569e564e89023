package org.ukms.qlink;

import java.io.IOException;

/** A frame failed its MAC, came out of sequence, or broke the protocol: the session ends. */
final class LinkAuthException extends IOException {
  private static final long serialVersionUID = 1L;

  LinkAuthException(String message) {
    super(message);
  }
}
