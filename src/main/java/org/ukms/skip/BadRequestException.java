package org.ukms.skip;

/**
 * A request SKIP answers with 400; the message is the {@code error} text sent back, one short
 * line that never repeats a key or a query value.
 */
final class BadRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  BadRequestException(String message) {
    super(message, null, false, false);
  }
}
