package org.ukms.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ukms.core.Backoff;
import org.ukms.core.V2Chain;
import org.ukms.core.V2Decision;
import org.ukms.core.V2Exchange;
import org.ukms.core.V2Message;
import org.ukms.core.V2Schedule;
import org.ukms.crypto.Secret;
import org.ukms.crypto.V2Keys;
import org.ukms.http.HttpReply;
import org.ukms.http.HttpRequest;
import org.ukms.testing.FuzzLines;
import org.ukms.testing.ManualClock;

/**
 * Fuzz (docs/fuzzing.md): the v2 routes on raw requests, through authentication, the codec and
 * the product's core (pqc mode, state saved in memory). Input lines: method, the path after
 * {@code /api/v2/peer/}, "sign" (the
 * request is signed as alice would sign it) or a raw {@code Ukms-Auth} header ("-" for none);
 * the rest is the body. Whatever arrives: no exception escapes, the status is one v2 documents,
 * a refusal of authentication is an unsigned 401, and every other answer is signed.
 */
class V2RoutesFuzzTest {
  private static final Set<Integer> DOCUMENTED = Set.of(200, 400, 401, 404, 409, 503);
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final V2Keys keys = V2Keys.of(Secret.copyOf(new byte[32]));
  private final SecureRandom random = new SecureRandom();

  @FuzzTest
  void request_anyMethodPathHeaderAndBody_isADocumentedSignedAnswer(byte[] input) {
    FuzzLines in = FuzzLines.of(input, 3);
    String method = in.line(0);
    String path = V2Routes.PREFIX + in.line(1); // the server routes only these paths here
    byte[] body = in.rest();
    V2Auth bob = new V2Auth(keys, "bob", "alice", Duration.ofSeconds(60), clock, random);
    V2Exchange core = new V2Exchange(new V2Exchange.Settings("bob", "alice",
        V2Schedule.Mode.PQC, Duration.ofSeconds(30), Duration.ofSeconds(5),
        Duration.ofSeconds(90), false), clock, new Backoff(random), random,
        V2Chain.initial(keys.initialChainKey("bob", "alice")), null, Duration.ZERO);
    V2Routes routes = new V2Routes(responder(bob, core), clock);
    String header = in.line(2).equals("sign")
        ? new V2Auth(keys, "alice", "bob", Duration.ofSeconds(60), clock, random)
            .signRequest(method, path, body).header()
        : in.line(2).equals("-") ? null : in.line(2);

    HttpReply reply = routes.handle(HttpRequest.of(method, path,
        header == null ? Map.of() : Map.of(V2Auth.HEADER, header), body,
        InetAddress.getLoopbackAddress()));

    assertTrue(DOCUMENTED.contains(reply.status()), () -> "status " + reply.status());
    if (reply.status() == 401) {
      assertNull(reply.header(V2Auth.HEADER), "a refusal carries no signature");
    } else {
      assertNotNull(reply.header(V2Auth.HEADER), "an answer to an authentic request is signed");
      assertEquals("application/json", reply.header("Content-Type"));
    }
  }

  /** What the daemon's driver does for one request, with the state "saved" in memory. */
  private static V2Responder responder(V2Auth bob, V2Exchange core) {
    return new V2Responder() {
      @Override
      public Optional<V2Auth> authFor(String sender) {
        return sender.equals("alice") ? Optional.of(bob) : Optional.empty();
      }

      @Override
      public Answer offer(String peer, JsonNode body) {
        return serve(body, V2Codec::decodeOffer, o -> core.offerReceived(o), core);
      }

      @Override
      public Answer confirm(String peer, JsonNode body) {
        return serve(body, V2Codec::decodeConfirm, c -> core.confirmReceived(c), core);
      }
    };
  }

  /** Decodes a request (a malformed one is refused as the driver does), then runs the core. */
  private static <T extends V2Message> V2Responder.Answer serve(JsonNode body,
      java.util.function.Function<JsonNode, T> decode,
      java.util.function.Function<T, V2Decision> step, V2Exchange core) {
    T request;
    try {
      request = decode.apply(body);
    } catch (IllegalArgumentException e) {
      return answer(new V2Message.Refused(V2Message.Reason.MALFORMED, e.getMessage()));
    }
    return answer(settle(core, step.apply(request)));
  }

  private static V2Message settle(V2Exchange core, V2Decision d) {
    if (d instanceof V2Decision.Persist p) {
      p.state().destroy();
      d = core.persisted(p.token());
    }
    if (d instanceof V2Decision.Install in) {
      in.psk().destroy();
      return in.reply();
    }
    return ((V2Decision.Reply) d).answer();
  }

  private static V2Responder.Answer answer(V2Message m) {
    V2Codec.Encoded e = V2Codec.encodeAnswer(m);
    return new V2Responder.Answer(e.status(), e.json());
  }
}
