package org.ukms.kme;

import java.util.Objects;
import org.ukms.core.KeyId;
import org.ukms.crypto.Secret;

/** One key from a Key container: its public ID and its secret bytes. */
public record DeliveredKey(KeyId id, Secret key) {
  public DeliveredKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(key, "key");
  }
}
