package org.ukms.peer;

import org.ukms.core.V1PeerRotation;
import org.ukms.http.HttpReply;
import org.ukms.http.HttpRequest;

/**
 * The v1 routes, byte for byte as uKMS (ukms-v1.md section 3): {@code GET
 * /api/v1/peer/<caller>/new|rotate} with no query, the caller being the second-to-last segment;
 * anything else is 404 {@code 404 Not Found}, another method 405 with {@code Allow: GET}.
 */
final class V1Routes {
  static final String PREFIX = "/api/v1/peer/";
  private static final System.Logger logger = System.getLogger(PeerServer.class.getName());

  private final V1Responder responder;

  V1Routes(V1Responder responder) {
    this.responder = responder;
  }

  HttpReply handle(HttpRequest request) {
    try {
      return answer(request);
    } catch (RuntimeException e) {
      logger.log(System.Logger.Level.ERROR, "peer request failed: " + e);
      return HttpReply.drop();
    }
  }

  private HttpReply answer(HttpRequest request) {
    String path = request.rawPath();
    if (!path.startsWith(PREFIX) || request.rawQuery() != null) {
      return notFound();
    }
    V1PeerRotation.Call call = path.endsWith("/new") ? V1PeerRotation.Call.NEW
        : path.endsWith("/rotate") ? V1PeerRotation.Call.ROTATE : null;
    String[] segments = path.split("/", -1);
    if (call == null || segments.length < 2) {
      return notFound();
    }
    if (!request.method().equals("GET")) {
      return HttpReply.text(405, null, "405 Method Not Allowed").withHeader("Allow", "GET");
    }
    String caller = segments[segments.length - 2];
    V1Responder.Answer answer = responder.respond(caller, call);
    if (answer instanceof V1Responder.Served served) {
      return HttpReply.json(200,
          "{\"status\": \"ok\", \"key_ID\": \"" + served.keyId().value() + "\"}");
    } else if (answer instanceof V1Responder.Failed failed) {
      return HttpReply.json(503, "{\"status\": \"error\", \"message\": \""
          + failed.reason().replace("\"", "'") + "\"}");
    }
    return notFound();
  }

  static HttpReply notFound() {
    return HttpReply.text(404, null, "404 Not Found");
  }
}
