package org.ukms.etsi004;

import java.util.Objects;
import org.ukms.crypto.Secret;

/**
 * The answer to GET_KEY: status, index, the key buffer (in a {@link Secret}, possibly empty when
 * the status is not 0) and the metadata. With status 8, {@code metadata.length()} is the size the
 * KM needs (docs/etsi004.md).
 */
public record GetKeyResponse(Status status, long index, Secret key, Metadata metadata) {
  public GetKeyResponse {
    Objects.requireNonNull(status, "status");
    Qos.checkUint32(index, "index");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(metadata, "metadata");
  }
}
