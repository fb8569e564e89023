package org.ukms.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Optional;
import org.ukms.http.HttpReply;
import org.ukms.http.HttpRequest;

/**
 * The v2 routes, {@code POST /api/v2/peer/offer}, {@code /confirm} and {@code /skip}: authentication first
 * (401 with an unsigned {@code {"reason": ...}} body and a rate-limited log line on any failure,
 * before anything else happens), then the daemon's {@link V2Responder}, then a signed answer.
 */
final class V2Routes {
  static final String PREFIX = "/api/v2/peer/";
  static final int MAX_BODY = 16 * 1024;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final V2Responder responder;
  private final RefusalLog refusals;

  V2Routes(V2Responder responder, InstantSource clock) {
    this.responder = responder;
    this.refusals = new RefusalLog(clock);
  }

  HttpReply handle(HttpRequest request) {
    String path = request.rawPath();
    String step = path.substring(PREFIX.length());
    byte[] body = request.body();
    String header = request.header(V2Auth.HEADER);
    Optional<String> sender = V2Auth.sender(header);
    Optional<V2Auth> auth = sender.flatMap(responder::authFor);
    Optional<V2Auth.Refusal> refusal = header == null ? Optional.of(V2Auth.Refusal.MISSING)
        : sender.isEmpty() ? Optional.of(V2Auth.Refusal.MALFORMED)
        : auth.isEmpty() ? Optional.of(V2Auth.Refusal.UNKNOWN_PEER)
        : auth.get().verifyRequest(request.method(), path, header, body);
    if (refusal.isPresent() || body.length > MAX_BODY || request.rawQuery() != null) {
      V2Auth.Refusal reason = refusal.orElse(V2Auth.Refusal.MALFORMED);
      refusals.refused(reason, sender.orElse("?"), request.remoteAddress().getHostAddress());
      return HttpReply.json(401, refusalBody(reason, sender.orElse(null), auth.orElse(null)));
    }
    String nonce = V2Auth.nonce(header).orElseThrow();
    JsonNode json;
    try {
      json = MAPPER.readTree(body);
    } catch (IOException e) {
      json = null;
    }
    V2Responder.Answer answer;
    if (!request.method().equals("POST") || json == null || !json.isObject()) {
      answer = new V2Responder.Answer(400, "{\"error\":\"expected POST with a JSON object\"}");
    } else if (step.equals("offer")) {
      answer = responder.offer(sender.get(), json);
    } else if (step.equals("confirm")) {
      answer = responder.confirm(sender.get(), json);
    } else if (step.equals(SkipCodec.STEP)) {
      answer = responder.skip(sender.get(), json);
    } else {
      answer = new V2Responder.Answer(404, "{\"error\":\"no such step\"}");
    }
    byte[] out = answer.json().getBytes(StandardCharsets.UTF_8);
    return HttpReply.json(answer.status(), answer.json()).withHeader(V2Auth.HEADER,
        auth.get().signResponse(nonce, answer.status(), out));
  }

  /**
   * The unsigned body of a 401: the reason, so the sender can log what to fix, and for the two
   * naming mistakes the names involved (peer IDs travel in every request header anyway; nothing
   * else is told).
   */
  static String refusalBody(V2Auth.Refusal reason, String sender, V2Auth auth) {
    var o = MAPPER.createObjectNode().put("reason", reason.wireName());
    if (reason == V2Auth.Refusal.UNKNOWN_PEER) {
      o.put("error", "no v2 peer named \"" + sender + "\" here");
    } else if (reason == V2Auth.Refusal.MISADDRESSED && auth != null) {
      o.put("receiver", auth.self()).put("error", "this node is \"" + auth.self() + "\" for \""
          + sender + "\"");
    }
    return o.toString();
  }

  /** Entries in the refusal log limiter (tests): bounded by the number of reasons. */
  int refusalLogSize() {
    return refusals.size();
  }
}
