package org.ukms.etsi004;

import java.util.Optional;

/**
 * An ETSI 004 call failed. {@link #isTransient()} tells the caller whether a later retry may
 * succeed (statuses 1, 2, 3, 4, 6 and I/O errors) or not (5, 7, 8 after its retry, unknown
 * codes, protocol breaches). Never carries key material.
 */
public final class Etsi004Exception extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient Status status;
  private final boolean transientFailure;

  Etsi004Exception(String message, Status status, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.transientFailure = transientFailure;
  }

  /** The KM's status word, when the failure is one. */
  public Optional<Status> status() {
    return Optional.ofNullable(status);
  }

  public boolean isTransient() {
    return transientFailure;
  }
}
