package org.ukms.etsi004;

import java.util.Objects;
import org.ukms.crypto.Secret;

/**
 * A key from GET_KEY: where it came from (KSID and index, the opaque reference the peer needs)
 * and the bytes. The caller owns {@code key} and destroys it after use (E004-GK-07). Bit 0 of
 * octet 0 is the first key bit; the bytes are used as they came (E004-GK-08).
 */
public record DeliveredKey(KeyStreamId ksid, long index, Secret key, Metadata metadata) {
  public DeliveredKey {
    Objects.requireNonNull(ksid, "ksid");
    Qos.checkUint32(index, "index");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(metadata, "metadata");
  }
}
