package org.ukms.skip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ukms.skip.SkipFixture.assertJsonError;
import static org.ukms.skip.SkipFixture.hex;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /key/{keyId}?remoteSystemID=Y}, the responder (SKIP-KID-01..08): two providers,
 * Alice and Bob, whose minter deposits each key into Bob's store as the real sync does.
 */
class SkipKeyIdTest {
  private final SkipFixture alice = SkipFixture.alice();
  private final SkipFixture bob = SkipFixture.bob();

  SkipKeyIdTest() {
    alice.minter.peerStore = bob.store;
  }

  @Test
  void skipKid01_keyFromAlice_isFetchedAtBobWithTheSameBytes() {
    SkipFixture.Reply atAlice = alice.get("/key?remoteSystemID=Bob");
    String keyId = atAlice.text("keyId");

    SkipFixture.Reply atBob = bob.get("/key/" + keyId + "?remoteSystemID=Alice");

    assertEquals(200, atBob.status());
    assertEquals(keyId, atBob.text("keyId"));
    assertEquals(atAlice.text("key"), atBob.text("key"));
    assertEquals(0, bob.store.pendingCount());
  }

  @Test
  void skipKid01_upperCaseKeyId_findsTheKeyAndIsAnsweredInLowerCase() {
    SkipFixture.Reply atAlice = alice.get("/key?remoteSystemID=Bob&size=512");
    String keyId = atAlice.text("keyId");

    SkipFixture.Reply atBob = bob.get("/key/" + keyId.toUpperCase(Locale.ROOT)
        + "?remoteSystemID=Alice");

    assertEquals(200, atBob.status());
    assertEquals(keyId, atBob.text("keyId"));
    assertArrayEquals(hex(atAlice.text("key")), hex(atBob.text("key")));
    assertEquals(64, hex(atBob.text("key")).length);
  }

  @Test
  void skipKid02_secondFetch_is400() {
    String keyId = alice.get("/key?remoteSystemID=Bob").text("keyId");
    assertEquals(200, bob.get("/key/" + keyId + "?remoteSystemID=Alice").status());

    SkipFixture.Reply again = bob.get("/key/" + keyId + "?remoteSystemID=Alice");

    assertJsonError(again, 400);
    assertEquals("unknown keyId", again.error());
  }

  @ParameterizedTest
  @ValueSource(strings = {"zz112233445566778899aabbccddeeff", "0", "abc", "%20", "0x00",
      "00112233445566778899aabbccddeef", "g0", "%C3%A9%C3%A9"})
  void skipKid03_malformedKeyId_is400(String keyId) {
    SkipFixture.Reply reply = bob.get("/key/" + keyId + "?remoteSystemID=Alice");

    assertJsonError(reply, 400);
    assertTrue(reply.error().startsWith("malformed keyId"), reply.error());
  }

  @Test
  void skipKid03_emptyAndOverlongKeyIds_are400() {
    assertEquals("malformed keyId", bob.get("/key/?remoteSystemID=Alice").error());
    assertEquals("malformed keyId", bob.get("/key/" + "ab".repeat(65) + "?remoteSystemID=Alice")
        .error());
    assertEquals("unknown keyId", bob.get("/key/" + "ab".repeat(64) + "?remoteSystemID=Alice")
        .error());
  }

  @Test
  void skipKid04_48CharacterMixedCaseKeyId_isWellFormedButUnknown() {
    SkipFixture.Reply reply = bob.get("/key/3F0C8a2E5b7D4c19A6e1F2d3C4b5A6973f0c8A2e5B7d4C19"
        + "?remoteSystemID=Alice");

    assertJsonError(reply, 400);
    assertEquals("unknown keyId", reply.error());
  }

  @Test
  void skipKid04_48CharacterKeyIdDeposited_isServed() {
    String keyId = "3F0C8A2E5B7D4C19A6E1F2D3C4B5A6973F0C8A2E5B7D4C19";
    assertTrue(bob.store.deposit("Alice", keyId, new byte[] {9, 8, 7}));

    SkipFixture.Reply reply = bob.get("/key/" + keyId.toLowerCase(Locale.ROOT).substring(0, 10)
        + keyId.substring(10) + "?remoteSystemID=Alice");

    assertEquals(200, reply.status());
    assertEquals(keyId.toLowerCase(Locale.ROOT), reply.text("keyId"));
    assertEquals("090807", reply.text("key"));
  }

  @Test
  void skipKid05_wrongRemoteSystemId_is400AndDoesNotConsume() {
    SkipFixture bobTwoPeers = new SkipFixture(ApiSettings.withDefaults("Bob", "PRF",
        RemoteSystems.of(java.util.List.of(new RemoteSystems.Entry("Alice", "a"),
            new RemoteSystems.Entry("Carol", "c")))), EntropySource.ownSecureRandom());
    alice.minter.peerStore = bobTwoPeers.store;
    SkipFixture.Reply atAlice = alice.get("/key?remoteSystemID=Bob");
    String keyId = atAlice.text("keyId");

    SkipFixture.Reply wrong = bobTwoPeers.get("/key/" + keyId + "?remoteSystemID=Carol");
    SkipFixture.Reply unlisted = bobTwoPeers.get("/key/" + keyId + "?remoteSystemID=Mallory");

    assertJsonError(wrong, 400);
    assertEquals("unknown keyId", wrong.error());
    assertEquals("remoteSystemID not allowed", unlisted.error());
    SkipFixture.Reply right = bobTwoPeers.get("/key/" + keyId + "?remoteSystemID=Alice");
    assertEquals(200, right.status());
    assertEquals(atAlice.text("key"), right.text("key"));
  }

  @Test
  void skipKid06_missingRemoteSystemId_is400AndDoesNotConsume() {
    String keyId = alice.get("/key?remoteSystemID=Bob").text("keyId");

    SkipFixture.Reply reply = bob.get("/key/" + keyId);

    assertJsonError(reply, 400);
    assertEquals("missing remoteSystemID", reply.error());
    assertEquals(200, bob.get("/key/" + keyId + "?remoteSystemID=Alice").status());
  }

  @Test
  void skipKid07_unfetchedKey_expiresAfterTheTtlIsZeroedAndThenIs400() {
    String keyId = alice.get("/key?remoteSystemID=Bob").text("keyId");
    byte[] held = bob.store.heldArrayForTest(keyId);
    bob.clock.advance(SkipFixture.TTL.minus(Duration.ofMillis(1)));
    assertTrue(!SkipFixture.allZero(held), "still pending just before the TTL");

    bob.clock.advance(Duration.ofMillis(1));
    SkipFixture.Reply reply = bob.get("/key/" + keyId + "?remoteSystemID=Alice");

    assertJsonError(reply, 400);
    assertEquals("unknown keyId", reply.error());
    assertTrue(SkipFixture.allZero(held), "zeroed on expiry");
  }

  @Test
  void skipKid07_sweep_zeroesExpiredKeysWithoutARequest() {
    String keyId = alice.get("/key?remoteSystemID=Bob").text("keyId");
    byte[] held = bob.store.heldArrayForTest(keyId);
    bob.clock.advance(SkipFixture.TTL);

    assertEquals(1, bob.store.sweep());

    assertTrue(SkipFixture.allZero(held));
    assertEquals(0, bob.store.pendingCount());
  }

  @Test
  void skipKid08_newStore_afterRestart_holdsNoKeys() {
    String keyId = alice.get("/key?remoteSystemID=Bob").text("keyId");
    byte[] held = bob.store.heldArrayForTest(keyId);
    bob.store.close(); // what the daemon does on shutdown
    SkipFixture restarted = SkipFixture.bob();

    SkipFixture.Reply reply = restarted.get("/key/" + keyId + "?remoteSystemID=Alice");

    assertEquals("unknown keyId", reply.error());
    assertTrue(SkipFixture.allZero(held));
  }
}
