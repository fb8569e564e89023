package org.ukms.peer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What the peer server asks of the daemon for v2 requests, after they passed authentication:
 * the daemon implements it. Bodies are parsed JSON objects; answers are a status and a JSON body.
 */
public interface V2Responder {
  /** The authenticator for requests from {@code sender}, if it is a v2 peer of ours. */
  Optional<V2Auth> authFor(String sender);

  Answer offer(String peer, JsonNode body);

  Answer confirm(String peer, JsonNode body);

  /**
   * A SKIP key synchronisation ({@code POST /api/v2/peer/skip}, docs/skip.md): a daemon with a
   * {@code [skip]} table answers through {@link SkipCodec#respond}; without one, 404.
   */
  default Answer skip(String peer, JsonNode body) {
    return SkipCodec.DISABLED;
  }

  /** A status (200, 400, 403, 404, 409, 503) and the JSON body to sign and send. */
  record Answer(int status, String json) {}
}
