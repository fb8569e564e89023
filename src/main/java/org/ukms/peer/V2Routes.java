package org.ukms.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.ukms.http.HttpReply;
import org.ukms.http.HttpRequest;

/**
 * The v2 routes, {@code POST /api/v2/peer/offer} and {@code /confirm}: authentication first
 * (401 with an empty body and a rate-limited log line on any failure, before anything else
 * happens), then the daemon's {@link V2Responder}, then a signed answer.
 */
final class V2Routes {
  static final String PREFIX = "/api/v2/peer/";
  static final int MAX_BODY = 16 * 1024;
  private static final System.Logger logger = System.getLogger("org.ukms.peer");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final V2Responder responder;
  private final InstantSource clock;
  /** Last refusal log per sender and reason: at most one line every 10 s. */
  private final Map<String, Instant> lastLog = new ConcurrentHashMap<>();

  V2Routes(V2Responder responder, InstantSource clock) {
    this.responder = responder;
    this.clock = clock;
  }

  HttpReply handle(HttpRequest request) {
    String path = request.rawPath();
    String step = path.substring(PREFIX.length());
    byte[] body = request.body();
    String header = request.header(V2Auth.HEADER);
    Optional<String> sender = V2Auth.sender(header);
    Optional<V2Auth> auth = sender.flatMap(responder::authFor);
    Optional<V2Auth.Refusal> refusal = auth.isEmpty()
        ? Optional.of(header == null ? V2Auth.Refusal.MISSING : V2Auth.Refusal.MISADDRESSED)
        : auth.get().verifyRequest(request.method(), path, header, body);
    if (refusal.isPresent() || body.length > MAX_BODY || request.rawQuery() != null) {
      logRefusal(sender.orElse("?"), refusal.map(Enum::name).orElse("MALFORMED"),
          request.remoteAddress().getHostAddress());
      return HttpReply.empty(401);
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
    } else {
      answer = new V2Responder.Answer(404, "{\"error\":\"no such step\"}");
    }
    byte[] out = answer.json().getBytes(StandardCharsets.UTF_8);
    return HttpReply.json(answer.status(), answer.json()).withHeader(V2Auth.HEADER,
        auth.get().signResponse(nonce, answer.status(), out));
  }

  private void logRefusal(String sender, String reason, String from) {
    String key = sender + "/" + reason;
    Instant now = clock.instant();
    Instant last = lastLog.get(key);
    if (last == null || last.plusSeconds(10).isBefore(now)) {
      lastLog.put(key, now);
      logger.log(System.Logger.Level.WARNING, "peer=" + sender + " event=v2_refused reason="
          + reason.toLowerCase(java.util.Locale.ROOT) + " from=" + from + " status=401");
    }
  }
}
