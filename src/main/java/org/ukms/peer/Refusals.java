package org.ukms.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;

/**
 * What a 401 from a v2 peer means for the operator who reads our log. The body is unsigned (the
 * peer could not authenticate us, so it cannot sign for us), so it is only a hint; it changes no
 * decision, the exchange fails either way. A 401 with no reason in it (an older ukms) keeps the
 * general advice.
 */
final class Refusals {
  private Refusals() {}

  static String explain(URI ukmsUrl, String path, V2Auth auth, byte[] body,
      ObjectMapper mapper) {
    String peerAt = "peer at " + ukmsUrl;
    String reason = "";
    JsonNode json = null;
    try {
      json = body.length == 0 ? null : mapper.readTree(body);
      reason = json == null ? "" : json.path("reason").asText("");
    } catch (IOException e) {
      json = null;
    }
    if (body.length > 0 && (json == null || !json.isObject() || reason.isEmpty())) {
      return OkHttpV2Client.notUkms(ukmsUrl, path, 401, null);
    }
    switch (reason) {
      case "unknown_peer":
        return peerAt + " has no v2 peer named " + auth.self() + " (401 unknown_peer): check "
            + "source_KME_ID in [peers." + auth.peer() + "] here, and the name of the peer's "
            + "table for us";
      case "misaddressed":
        String receiver = clip(json.path("receiver").asText("?")).replace(' ', '?');
        return peerAt + " believes it is " + receiver + ", not " + auth.peer() + " (401 "
            + "misaddressed): check source_KME_ID in the peer's table for us, or name our table "
            + "[peers." + receiver + "]";
      case "too_old":
      case "too_new":
        return peerAt + " refused the time of our request (401 " + reason + "): the clocks of "
            + "the two nodes differ by more than auth_window_seconds (check NTP)";
      case "before_start":
        return peerAt + " restarted after we signed (401 before_start); retrying";
      case "bad_mac":
        return peerAt + " could not verify our request (401 bad_mac): auth_key_file differs "
            + "between the nodes (copy the pair's key from one node to the other)";
      default:
        return peerAt + " refused our authentication (401" + (reason.isEmpty() ? ""
            : " " + clip(reason)) + "): check auth_key_file on both nodes and their clocks";
    }
  }

  /** A value from the peer, printable and short. */
  private static String clip(String s) {
    String printable = s.replaceAll("[^\\x20-\\x7e]", "?").replace("\"", "?");
    return printable.length() > 64 ? printable.substring(0, 64) + "..." : printable;
  }
}
