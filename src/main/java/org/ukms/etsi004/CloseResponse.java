package org.ukms.etsi004;

import java.util.Objects;

/** The answer to CLOSE: a status. */
public record CloseResponse(Status status) {
  public CloseResponse {
    Objects.requireNonNull(status, "status");
  }
}
