package org.ukms.netsim;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** A request or an answer on the wire. */
record Message(long id, boolean request, String from, String to, String path, byte[] body,
    String header, String nonce, int status, long callId, Instant sentAt) {
  String kind() {
    if (request) {
      return path.substring(path.lastIndexOf('/') + 1);
    }
    return "answer(" + status + ")";
  }

  @Override
  public String toString() {
    return "#" + id + " " + from + "→" + to + " " + kind() + " "
        + new String(body, StandardCharsets.UTF_8);
  }
}
