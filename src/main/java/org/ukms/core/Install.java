package org.ukms.core;

import java.util.Objects;
import org.ukms.crypto.Secret;

/**
 * A decision of the rotation core: install this PSK for the peer. The key_IDs say which keys it
 * came from; they are public and go to the log, the PSK never does.
 */
public record Install(Secret psk, KeyId localKeyId, KeyId remoteKeyId) {
  public Install {
    Objects.requireNonNull(psk, "psk");
    Objects.requireNonNull(localKeyId, "localKeyId");
    Objects.requireNonNull(remoteKeyId, "remoteKeyId");
  }
}
