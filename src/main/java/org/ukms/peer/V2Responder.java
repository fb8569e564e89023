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

  /** A status (200, 400, 409, 503) and the JSON body to sign and send. */
  record Answer(int status, String json) {}
}
