package org.ukms.config;

import java.util.Objects;

/**
 * A {@code [peers.<id>.wireguard]} table: the WireGuard peer whose preshared key ukms sets, on
 * {@code interfaceName}, identified by its Base64 {@code publicKey} (public, so no secret here).
 */
public record WireGuardPeer(String interfaceName, String publicKey) {
  public WireGuardPeer {
    Objects.requireNonNull(interfaceName, "interfaceName");
    Objects.requireNonNull(publicKey, "publicKey");
  }
}
