package org.ukms.etsi004;

import java.util.Objects;

/** The answer to OPEN_CONNECT: status, the QoS granted (or counter-proposed) and the KSID. */
public record OpenConnectResponse(Status status, Qos qos, KeyStreamId ksid) {
  public OpenConnectResponse {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(qos, "qos");
    Objects.requireNonNull(ksid, "ksid");
  }
}
