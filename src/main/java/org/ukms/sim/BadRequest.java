package org.ukms.sim;

/** A malformed request, answered 400 with its message; no stack trace (it is the client's). */
final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final transient SimAnswer.Refused refused;

  BadRequest(String message) {
    super(message, null, false, false);
    this.refused = new SimAnswer.Refused(400, message);
  }
}
