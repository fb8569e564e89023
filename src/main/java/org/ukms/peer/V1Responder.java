package org.ukms.peer;

import org.ukms.core.KeyId;
import org.ukms.core.V1PeerRotation;

/**
 * What the v1 peer server asks of the daemon when a peer calls {@code /new} or {@code /rotate}:
 * the daemon implements it (the server may not call upward directly).
 */
public interface V1Responder {
  Answer respond(String callerId, V1PeerRotation.Call call);

  /** The daemon's answer to one peer request. */
  sealed interface Answer permits Served, UnknownPeer, Failed {}

  /** Our KME delivered a key for the caller; this is its ID. */
  record Served(KeyId keyId) implements Answer {}

  /** No peer table has the caller's ID. */
  record UnknownPeer() implements Answer {}

  /** Our side failed (KME down); the reason is safe to send and log. */
  record Failed(String reason) implements Answer {}
}
