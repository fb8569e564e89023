package org.ukms.config;

/**
 * Where a peer's PSK goes besides its file: a WireGuard peer to set and a hook to run; either may
 * be null.
 */
public record PeerOutputs(WireGuardPeer wireguard, RotateHook onRotate) {
  public static final PeerOutputs NONE = new PeerOutputs(null, null);
}
