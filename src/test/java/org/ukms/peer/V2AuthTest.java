package org.ukms.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.ukms.crypto.Secret;
import org.ukms.crypto.V2Keys;
import org.ukms.testing.ManualClock;

/** Each attack of the v2 issue, point 2, refused at the authentication layer. */
class V2AuthTest {
  static final String PATH = "/api/v2/peer/offer";
  static final byte[] BODY = "{\"epoch\":7}".getBytes(StandardCharsets.UTF_8);

  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final V2Keys keys = V2Keys.of(Secret.copyOf(new byte[32]));
  private final V2Auth alice = new V2Auth(keys, "alice", "bob", Duration.ofSeconds(60), clock,
      new SecureRandom());
  private final V2Auth bob = new V2Auth(keys, "bob", "alice", Duration.ofSeconds(60), clock,
      new SecureRandom());

  @Test
  void genuineRequest_isAccepted() {
    V2Auth.Signed s = alice.signRequest("POST", PATH, BODY);

    assertEquals(Optional.empty(), bob.verifyRequest("POST", PATH, s.header(), BODY));
    assertEquals(Optional.of("alice"), V2Auth.sender(s.header()));
  }

  @Test
  void replayed_isRefused() {
    V2Auth.Signed s = alice.signRequest("POST", PATH, BODY);
    bob.verifyRequest("POST", PATH, s.header(), BODY);

    assertEquals(Optional.of(V2Auth.Refusal.REPLAYED),
        bob.verifyRequest("POST", PATH, s.header(), BODY));
  }

  @Test
  void tampered_bodyPathOrMethod_isRefused() {
    V2Auth.Signed s = alice.signRequest("POST", PATH, BODY);
    byte[] changed = BODY.clone();
    changed[changed.length - 2] = '8';

    assertEquals(Optional.of(V2Auth.Refusal.BAD_MAC),
        bob.verifyRequest("POST", PATH, s.header(), changed));
    assertEquals(Optional.of(V2Auth.Refusal.BAD_MAC),
        bob.verifyRequest("POST", "/api/v2/peer/confirm", s.header(), BODY));
    assertEquals(Optional.of(V2Auth.Refusal.BAD_MAC),
        bob.verifyRequest("PUT", PATH, s.header(), BODY));
    // Every one-character change of the MAC, including the last character whose low bits
    // are unused, is refused.
    String header = s.header();
    int macStart = header.indexOf("mac=") + 4;
    for (int i = macStart; i < header.length(); i++) {
      char c = header.charAt(i);
      String mutated = header.substring(0, i) + (c == 'A' ? 'B' : 'A') + header.substring(i + 1);
      assertEquals(Optional.of(V2Auth.Refusal.BAD_MAC),
          bob.verifyRequest("POST", PATH, mutated, BODY), "position " + i);
    }
  }

  @Test
  void stripped_orMalformed_isRefused() {
    assertEquals(Optional.of(V2Auth.Refusal.MISSING), bob.verifyRequest("POST", PATH, null, BODY));
    assertEquals(Optional.of(V2Auth.Refusal.MALFORMED),
        bob.verifyRequest("POST", PATH, "v2 sender=alice", BODY));
  }

  @Test
  void tooOld_andTooNew_areRefused() {
    V2Auth.Signed old = alice.signRequest("POST", PATH, BODY);
    clock.advance(Duration.ofSeconds(61));
    assertEquals(Optional.of(V2Auth.Refusal.TOO_OLD),
        bob.verifyRequest("POST", PATH, old.header(), BODY));

    ManualClock ahead = new ManualClock(clock.instant().plusSeconds(61));
    V2Auth future = new V2Auth(keys, "alice", "bob", Duration.ofSeconds(60), ahead,
        new SecureRandom());
    assertEquals(Optional.of(V2Auth.Refusal.TOO_NEW), bob.verifyRequest("POST", PATH,
        future.signRequest("POST", PATH, BODY).header(), BODY));
  }

  @Test
  void signedBeforeStart_isRefused_evenWithinTheWindow() {
    V2Auth.Signed beforeRestart = alice.signRequest("POST", PATH, BODY);
    clock.advance(Duration.ofSeconds(5).plusNanos(500_000));
    V2Auth restartedBob = new V2Auth(keys, "bob", "alice", Duration.ofSeconds(60), clock,
        new SecureRandom());

    assertEquals(Optional.of(V2Auth.Refusal.BEFORE_START),
        restartedBob.verifyRequest("POST", PATH, beforeRestart.header(), BODY));
    // Signed in the millisecond of the restart: its timestamp is not before the start.
    assertEquals(Optional.empty(), restartedBob.verifyRequest("POST", PATH,
        alice.signRequest("POST", PATH, BODY).header(), BODY));
  }

  @Test
  void misaddressed_andReflected_areRefused() {
    V2Auth toCarol = new V2Auth(keys, "alice", "carol", Duration.ofSeconds(60), clock,
        new SecureRandom());
    assertEquals(Optional.of(V2Auth.Refusal.MISADDRESSED), bob.verifyRequest("POST", PATH,
        toCarol.signRequest("POST", PATH, BODY).header(), BODY));

    V2Auth.Signed ours = bob.signRequest("POST", PATH, BODY);
    assertEquals(Optional.of(V2Auth.Refusal.REFLECTED),
        bob.verifyRequest("POST", PATH, ours.header(), BODY));
  }

  @Test
  void response_isBoundToTheRequestStatusAndBody() {
    V2Auth.Signed request = alice.signRequest("POST", PATH, BODY);
    String header = bob.signResponse(request.nonce(), 200, BODY);

    assertTrue(alice.verifyResponse(request.nonce(), 200, header, BODY));
    assertFalse(alice.verifyResponse(request.nonce(), 503, header, BODY));
    assertFalse(alice.verifyResponse("other-nonce-aaaaaaaaaa", 200, header, BODY));
    assertFalse(alice.verifyResponse(request.nonce(), 200, header, "{}".getBytes()));
    assertFalse(alice.verifyResponse(request.nonce(), 200, null, BODY));
    assertFalse(bob.verifyResponse(request.nonce(), 200, header, BODY), "not bob's own answer");
  }

  @Test
  void wrongAuthKey_isRefused() {
    V2Auth mallory = new V2Auth(V2Keys.of(Secret.copyOf(new byte[] {
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1})), "alice", "bob", Duration.ofSeconds(60), clock, new SecureRandom());

    assertEquals(Optional.of(V2Auth.Refusal.BAD_MAC), bob.verifyRequest("POST", PATH,
        mallory.signRequest("POST", PATH, BODY).header(), BODY));
  }
}
