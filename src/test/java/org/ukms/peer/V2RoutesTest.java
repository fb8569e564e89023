package org.ukms.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.ukms.crypto.Secret;
import org.ukms.crypto.V2Keys;
import org.ukms.http.HttpReply;
import org.ukms.http.HttpRequest;
import org.ukms.testing.LogCapture;
import org.ukms.testing.ManualClock;

/**
 * Issue 9, point 4: unauthenticated v2 requests cost bounded memory and bounded log lines, however
 * many sender names an attacker makes up. Driven in memory, on a manual clock.
 */
class V2RoutesTest {
  static final String PATH = "/api/v2/peer/offer";
  static final byte[] BODY = "{\"epoch\":7}".getBytes(StandardCharsets.UTF_8);

  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final V2Keys keys = V2Keys.of(Secret.copyOf(new byte[32]));
  private final V2Auth bobFromAlice = new V2Auth(keys, "bob", "alice", Duration.ofSeconds(60),
      clock, new SecureRandom());
  private final V2Routes routes = new V2Routes(new V2Responder() {
    @Override
    public Optional<V2Auth> authFor(String sender) {
      return sender.equals("alice") ? Optional.of(bobFromAlice) : Optional.empty();
    }

    @Override
    public Answer offer(String peer, JsonNode body) {
      return new Answer(200, "{\"offered\":true}");
    }

    @Override
    public Answer confirm(String peer, JsonNode body) {
      return new Answer(200, "{}");
    }
  }, clock);

  static HttpReply post(V2Routes routes, String header) {
    return routes.handle(HttpRequest.of("POST", PATH,
        header == null ? Map.of() : Map.of(V2Auth.HEADER, header), BODY,
        InetAddress.getLoopbackAddress()));
  }

  static String header(String sender) {
    return "v2 sender=" + sender + ", receiver=bob, ts=1893456000000, nonce="
        + "A".repeat(22) + ", mac=" + "B".repeat(43);
  }

  static List<String> refusals(LogCapture logs) {
    return logs.lines.stream().filter(l -> l.contains("event=v2_refused"))
        .collect(Collectors.toList());
  }

  @Test
  void tenThousandDistinct8KbSenders_oneLinePerReasonPer10s_andOneLimiterEntry() {
    try (LogCapture logs = new LogCapture()) {
      for (int i = 0; i < 10_000; i++) {
        String name = String.format("%08d", i) + "x".repeat(8 * 1024 - 8);

        assertEquals(401, post(routes, header(name)).status());
        clock.advance(Duration.ofMillis(1)); // 10 s in all: the window ends with the last one
      }

      assertEquals(1, routes.refusalLogSize(), "one entry: the reason, not the names");
      assertEquals(1, refusals(logs).size(), refusals(logs).toString());
      assertTrue(refusals(logs).get(0).contains("peer=? event=v2_refused reason=malformed"),
          refusals(logs).get(0));

      assertEquals(401, post(routes, header("x".repeat(8 * 1024))).status());
      assertEquals(2, refusals(logs).size(), "the next window logs again");
      assertTrue(refusals(logs).get(1).endsWith("suppressed=9999"), refusals(logs).get(1));
    }
  }

  @Test
  void tenThousandDistinctShortUnknownSenders_boundedAndRateLimitedPerReason() {
    try (LogCapture logs = new LogCapture()) {
      for (int i = 0; i < 10_000; i++) {
        post(routes, header("mallory-" + i));
        post(routes, null);
      }

      assertEquals(2, routes.refusalLogSize());
      assertEquals(2, refusals(logs).size(), refusals(logs).toString());
      assertTrue(refusals(logs).get(0).contains("peer=mallory-0 event=v2_refused "
          + "reason=unknown_peer from=127.0.0.1 status=401 suppressed=0"), refusals(logs).get(0));
      assertTrue(refusals(logs).get(1).contains("reason=missing"), refusals(logs).get(1));
      assertTrue(routes.refusalLogSize() <= V2Auth.Refusal.values().length);
    }
  }

  @Test
  void sender_atMost128Characters_longerIsMalformed() {
    assertEquals(Optional.of("a".repeat(128)), V2Auth.sender(header("a".repeat(128))));
    assertEquals(Optional.empty(), V2Auth.sender(header("a".repeat(129))));
  }

  @Test
  void genuineRequest_isServedAndSigned() {
    V2Auth alice = new V2Auth(keys, "alice", "bob", Duration.ofSeconds(60), clock,
        new SecureRandom());
    V2Auth.Signed signed = alice.signRequest("POST", PATH, BODY);

    HttpReply reply = post(routes, signed.header());

    assertEquals(200, reply.status());
    assertEquals("application/json", reply.header("Content-Type"));
    assertTrue(alice.verifyResponse(signed.nonce(), 200, reply.header(V2Auth.HEADER),
        "{\"offered\":true}".getBytes(StandardCharsets.UTF_8)));
  }
}
