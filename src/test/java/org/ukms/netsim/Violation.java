package org.ukms.netsim;

/** A broken invariant: the message says which, the trace says how. */
final class Violation extends RuntimeException {
  Violation(String message) {
    super(message, null, false, false);
  }
}
