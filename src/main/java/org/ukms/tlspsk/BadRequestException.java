package org.ukms.tlspsk;

/**
 * A request this server refuses before any handler sees it: the status to answer (400, 431 or
 * 505) and a short reason for the JSON error body. The connection closes after the answer.
 */
final class BadRequestException extends Exception {
  private final int status;

  BadRequestException(int status, String reason) {
    super(reason);
    this.status = status;
  }

  int status() {
    return status;
  }
}
