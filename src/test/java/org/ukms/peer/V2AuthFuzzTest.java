package org.ukms.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.ukms.crypto.Secret;
import org.ukms.crypto.V2Keys;
import org.ukms.testing.FuzzLines;
import org.ukms.testing.ManualClock;

/**
 * Fuzz (docs/fuzzing.md): {@code Ukms-Auth} parsing and verification. Whatever the header, body,
 * method or path, {@link V2Auth} answers with a result and never throws; it accepts a request or
 * a response only with the one canonical signature of exactly what it was given, and a nonce
 * only once. The pair key is 32 zero bytes, as in {@code V2AuthTest}, and the clock stands at
 * {@link #T0}, so seeds can carry genuine signatures.
 */
class V2AuthFuzzTest {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private final ManualClock clock = new ManualClock(T0);
  private final V2Keys keys = V2Keys.of(Secret.copyOf(new byte[32]));
  private final V2Auth alice = new V2Auth(keys, "alice", "bob", Duration.ofSeconds(60), clock,
      new SecureRandom());
  private final V2Auth bob = new V2Auth(keys, "bob", "alice", Duration.ofSeconds(60), clock,
      new SecureRandom());

  /**
   * Input lines: method, path, request header ("-" for none), response nonce (empty: the
   * request's), response status, response header ("-" for none); the rest is the body.
   */
  @FuzzTest
  void verify_anyHeaderAndBody_acceptsOnlyCanonicalSignaturesOnce(byte[] input) {
    FuzzLines in = FuzzLines.of(input, 6);
    String method = in.line(0);
    String path = in.line(1);
    String header = in.line(2).equals("-") ? null : in.line(2);
    byte[] body = in.rest();
    // A fresh receiver each run, so a run's verdict depends on its input alone.
    V2Auth receiver = new V2Auth(keys, "bob", "alice", Duration.ofSeconds(60), clock,
        new SecureRandom());

    Optional<String> sender = V2Auth.sender(header);
    Optional<String> nonce = V2Auth.nonce(header);
    Optional<V2Auth.Refusal> first = receiver.verifyRequest(method, path, header, body);
    Optional<V2Auth.Refusal> again = receiver.verifyRequest(method, path, header, body);

    assertEquals(sender.isPresent(), nonce.isPresent());
    boolean wellFormed = first.isEmpty() || (first.get() != V2Auth.Refusal.MISSING
        && first.get() != V2Auth.Refusal.MALFORMED);
    assertEquals(wellFormed, sender.isPresent(), () -> "parsed alike? " + header);
    if (first.isEmpty()) {
      assertEquals(canonicalRequest(method, path, header, body), header, "accepted a variant");
      assertEquals(Optional.of(V2Auth.Refusal.REPLAYED), again);
    } else {
      assertEquals(first, again);
    }

    String responseNonce = in.line(3).isEmpty() ? nonce.orElse("") : in.line(3);
    int status = in.number(4, 200);
    String response = in.line(5).equals("-") ? null : in.line(5);
    if (alice.verifyResponse(responseNonce, status, response, body)) {
      assertEquals("v2 mac=" + URL.encodeToString(
          keys.responseMac(responseNonce, status, "bob", "alice", body)), response,
          "accepted a variant");
    }
  }

  /**
   * Input lines: method, path, clock skew in ms (kept inside the 60 s window), response status;
   * the rest is the body. A genuine request verifies once, then is a replay; any change is
   * refused; the genuine response verifies and any change is refused.
   */
  @FuzzTest
  void signed_anyRequest_verifiesOnceThenIsRefused(byte[] input) {
    FuzzLines in = FuzzLines.of(input, 4);
    String method = in.line(0);
    String path = in.line(1);
    long skew = Math.floorMod(in.number(2, 0), 120_001) - 60_000;
    int status = in.number(3, 200);
    byte[] body = in.rest();
    byte[] longer = java.util.Arrays.copyOf(body, body.length + 1);

    V2Auth.Signed signed = alice.signRequest(method, path, body);
    clock.advance(Duration.ofMillis(skew));
    try {
      assertEquals(Optional.empty(), bob.verifyRequest(method, path, signed.header(), body));
      assertEquals(Optional.of(V2Auth.Refusal.REPLAYED),
          bob.verifyRequest(method, path, signed.header(), body));
      assertEquals(Optional.of(V2Auth.Refusal.BAD_MAC),
          bob.verifyRequest(method, path, signed.header(), longer));
      assertEquals(Optional.of(V2Auth.Refusal.BAD_MAC),
          bob.verifyRequest(method, path + "/", signed.header(), body));
      assertEquals(Optional.of(V2Auth.Refusal.REFLECTED),
          alice.verifyRequest(method, path, signed.header(), body));

      String response = bob.signResponse(signed.nonce(), status, body);
      assertTrue(alice.verifyResponse(signed.nonce(), status, response, body));
      assertFalse(alice.verifyResponse(signed.nonce(), status + 1, response, body));
      assertFalse(alice.verifyResponse(signed.nonce(), status, response, longer));
      assertFalse(bob.verifyResponse(signed.nonce(), status, response, body), "reflected");
      String otherNonce = (signed.nonce().charAt(0) == 'A' ? "B" : "A")
          + signed.nonce().substring(1);
      assertFalse(alice.verifyResponse(otherNonce, status, response, body));
    } finally {
      clock.advance(Duration.ofMillis(-skew));
    }
  }

  /** The genuine seeds stay genuine: without them the fuzzer never reaches acceptance. */
  @Test
  void genuineSeeds_areAcceptedOnce() throws Exception {
    for (String seed : List.of("genuine-offer", "genuine-state-409")) {
      FuzzLines in = FuzzLines.of(seed(seed), 6);
      assertEquals(Optional.empty(),
          bob.verifyRequest(in.line(0), in.line(1), in.line(2), in.rest()), seed);
      assertEquals(Optional.of(V2Auth.Refusal.REPLAYED),
          bob.verifyRequest(in.line(0), in.line(1), in.line(2), in.rest()), seed);
      assertTrue(alice.verifyResponse(V2Auth.nonce(in.line(2)).orElseThrow(), in.number(4, 0),
          in.line(5), in.rest()), seed);
    }
  }

  private static byte[] seed(String name) throws IOException {
    String path = "V2AuthFuzzTestInputs/verify_anyHeaderAndBody_acceptsOnlyCanonicalSignaturesOnce/"
        + name;
    try (InputStream in = V2AuthFuzzTest.class.getResourceAsStream(path)) {
      return in.readAllBytes();
    }
  }

  /** The one header that signs this request with the fields the given header names. */
  private String canonicalRequest(String method, String path, String header, byte[] body) {
    String sender = field(header, "sender");
    String receiver = field(header, "receiver");
    long ts = Long.parseLong(field(header, "ts"));
    String nonce = field(header, "nonce");
    return "v2 sender=" + sender + ", receiver=" + receiver + ", ts=" + ts + ", nonce=" + nonce
        + ", mac=" + URL.encodeToString(
            keys.requestMac(method, path, sender, receiver, ts, nonce, body));
  }

  private static String field(String header, String name) {
    for (String part : header.substring(3).split(", ")) {
      if (part.startsWith(name + "=")) {
        return part.substring(name.length() + 1);
      }
    }
    throw new AssertionError("no " + name + " in an accepted header: " + header);
  }
}
