package org.ukms.skip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ukms.testing.LogCapture;

/** Zeroization and secret hygiene (SKIP-ZER-01/02, and SKIP-SYNC-03 for the store). */
class SkipZeroizationTest {
  private final SkipFixture alice = SkipFixture.alice();
  private final SkipFixture bob = SkipFixture.bob();

  SkipZeroizationTest() {
    alice.minter.peerStore = bob.store;
  }

  @Test
  void skipZer01_responderBuffer_isZeroAfterDelivery() {
    String keyId = alice.get("/key?remoteSystemID=Bob").text("keyId");
    byte[] held = bob.store.heldArrayForTest(keyId);
    assertFalse(SkipFixture.allZero(held));

    SkipFixture.Reply reply = bob.get("/key/" + keyId + "?remoteSystemID=Alice");

    assertEquals(200, reply.status());
    assertTrue(SkipFixture.allZero(held), "the store's array");
    assertTrue(SkipFixture.allZero(reply.bodyAfterWrite()), "the body the transport zeroed");
  }

  @Test
  void skipZer01_initiatorMintedKey_isZeroAfterDelivery() {
    SkipFixture.Reply reply = alice.get("/key?remoteSystemID=Bob");

    assertEquals(200, reply.status());
    assertTrue(SkipFixture.allZero(alice.minter.handedOut.get(0)));
    assertFalse(SkipFixture.allZero(alice.minter.minted.get(0)), "the minter's own record");
  }

  @Test
  void skipZer01_initiatorMintedKey_isZeroWhenTheAnswerIsAnError() {
    SkipApi api = SkipApi.create(ApiSettings.withDefaults("Alice", "PRF",
        RemoteSystems.of(List.of(new RemoteSystems.Entry("Bob", "b")))),
        (remote, peer, bits) -> alice.minter.mint(remote, peer, bits + 8),
        alice.store, EntropySource.ownSecureRandom(), alice.clock);

    assertEquals(500, SkipFixture.call(api, "GET", "/key?remoteSystemID=Bob").status());
    assertTrue(SkipFixture.allZero(alice.minter.handedOut.get(0)));
  }

  @Test
  void skipZer01_expiredAndClosedBuffers_areZero() {
    String first = alice.get("/key?remoteSystemID=Bob").text("keyId");
    byte[] expiring = bob.store.heldArrayForTest(first);
    bob.clock.advance(SkipFixture.TTL);
    String second = alice.get("/key?remoteSystemID=Bob").text("keyId");
    byte[] closing = bob.store.heldArrayForTest(second);
    assertTrue(SkipFixture.allZero(expiring), "expired keys are zeroed at the next deposit");
    assertFalse(SkipFixture.allZero(closing));

    bob.store.close();

    assertTrue(SkipFixture.allZero(closing));
    assertFalse(bob.store.deposit("Alice", "00112233445566778899aabbccddeeff", new byte[16]));
  }

  @Test
  void skipZer02_keysNeverAppearInLogsOrErrors_andEachRequestLogsOneLine() {
    SkipFixture.Reply minted;
    SkipFixture.Reply fetched;
    SkipFixture.Reply wrong;
    List<String> lines;
    try (LogCapture log = new LogCapture()) {
      minted = alice.get("/key?remoteSystemID=Bob");
      String keyId = minted.text("keyId");
      wrong = bob.get("/key/" + keyId + "?remoteSystemID=Bobby");
      fetched = bob.get("/key/" + keyId + "?remoteSystemID=Alice");
      bob.get("/key/" + keyId + "?remoteSystemID=Alice");
      lines = List.copyOf(log.lines);
    }

    String key = minted.text("key");
    String keyId = minted.text("keyId");
    assertEquals(key, fetched.text("key"));
    assertFalse(new String(wrong.body(), StandardCharsets.UTF_8).contains(key));
    assertEquals(4, lines.size(), String.join("\n", lines));
    for (String line : lines) {
      assertFalse(line.contains(key), line);
      assertFalse(line.contains(key.substring(0, 16)), line);
    }
    assertEquals("INFO org.ukms.skip: skip request identity=router-a method=GET path=/key "
        + "status=200 key_id=" + keyId + " remote=Bob peer=b bits=256 ms=0", lines.get(0));
    assertEquals("INFO org.ukms.skip: skip request identity=router-a method=GET path=/key/"
        + keyId + " status=400 error=\"remoteSystemID not allowed\" ms=0", lines.get(1));
    assertEquals("INFO org.ukms.skip: skip request identity=router-a method=GET path=/key/"
        + keyId + " status=400 key_id=" + keyId + " remote=Alice reason=unknown"
        + " error=\"unknown keyId\" ms=0", lines.get(3));
    assertEquals("INFO org.ukms.skip: skip request identity=router-a method=GET path=/key/"
        + keyId + " status=200 key_id=" + keyId + " remote=Alice bits=256 ms=0", lines.get(2));
  }

  @Test
  void skipZer02_outsideTextInTheLogLine_staysOneToken() {
    List<String> lines;
    try (LogCapture log = new LogCapture()) {
      SkipFixture.call(alice.api, "GET\nforged", "/no\u0000where\r\nINFO x", "id with space");
      lines = List.copyOf(log.lines);
    }

    assertEquals(1, lines.size());
    assertFalse(lines.get(0).contains("\n") || lines.get(0).contains("\r"), lines.get(0));
  }

  @Test
  void skipZer02_mintedToString_showsNoKey() {
    KeyMinter.Minted m = new KeyMinter.Minted("00", new byte[] {0x12, 0x34});

    assertEquals("Minted[keyId=00, 2 bytes]", m.toString());
  }

  @Test
  void skipSync03_replayedDepositOfADeliveredKey_isRefused() {
    byte[] key = {1, 2, 3, 4};
    String keyId = "00112233445566778899aabbccddeeff";
    assertTrue(bob.store.deposit("Alice", keyId, key));
    assertFalse(bob.store.deposit("Alice", keyId, new byte[] {9}), "duplicate");
    assertEquals("01020304", bob.get("/key/" + keyId + "?remoteSystemID=Alice").text("key"));

    bob.clock.advance(SkipFixture.TTL.minusSeconds(1));
    assertFalse(bob.store.deposit("Alice", keyId.toUpperCase(java.util.Locale.ROOT), key),
        "replay after delivery");
    assertEquals("unknown keyId", bob.get("/key/" + keyId + "?remoteSystemID=Alice").error());
  }
}
