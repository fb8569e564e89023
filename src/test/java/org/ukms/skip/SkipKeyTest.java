package org.ukms.skip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ukms.skip.SkipFixture.assertJsonError;
import static org.ukms.skip.SkipFixture.hex;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /key?remoteSystemID=X[&size=N]}, the initiator (SKIP-KEY-01..09). */
class SkipKeyTest {
  private final SkipFixture alice = SkipFixture.alice();

  @Test
  void skipKey01_listedRemote_gets256BitHexKey() {
    SkipFixture.Reply reply = alice.get("/key?remoteSystemID=Bob");

    assertEquals(200, reply.status());
    assertEquals(2, reply.json().size());
    assertTrue(reply.text("key").matches("[0-9a-f]{64}"), "lower-case hex");
    assertArrayEquals(alice.minter.minted.get(0), hex(reply.text("key")));
    assertEquals(List.of(new SkipFixture.RecordingMinter.Call("Bob", "b", 256)),
        alice.minter.calls);
  }

  @Test
  void skipKey02_keyId_is16BytesOfLowerCaseHex() {
    SkipFixture.Reply reply = alice.get("/key?remoteSystemID=Bob");

    assertTrue(reply.text("keyId").matches("[0-9a-f]{32}"), reply.text("keyId"));
    assertEquals(16, hex(reply.text("keyId")).length);
  }

  @ParameterizedTest
  @CsvSource({"128,16", "256,32", "512,64", "136,17", "0512,64"})
  void skipKey03_sizesInBits_giveThatManyBytes(String size, int bytes) {
    SkipFixture.Reply reply = alice.get("/key?remoteSystemID=Bob&size=" + size);

    assertEquals(200, reply.status());
    assertEquals(bytes, hex(reply.text("key")).length);
    assertEquals(bytes * 8, alice.minter.calls.get(0).sizeBits());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "7", "100000", "abc", "", "120", "520", "129", "-128", "+128",
      "1e3", "256.0", " 256", "99999999999999999999", "%32%35%36x"})
  void skipKey03_unsupportedSizes_are400WithAJsonError(String size) {
    SkipFixture.Reply reply = alice.get("/key?remoteSystemID=Bob&size=" + size.replace(" ", "%20"));

    assertJsonError(reply, 400);
    assertEquals("size must be a multiple of 8 from 128 to 512 bits", reply.error());
    assertTrue(alice.minter.calls.isEmpty());
  }

  @Test
  void skipKey03_configuredBounds_applyAndDefaultIsClamped() {
    SkipFixture kp = new SkipFixture(new ApiSettings("Alice", "PRF",
        RemoteSystems.of(List.of(new RemoteSystems.Entry("Bob", "b"))), true, 384, 1024),
        EntropySource.ownSecureRandom());

    assertEquals(48, hex(kp.get("/key?remoteSystemID=Bob").text("key")).length);
    assertEquals(128, hex(kp.get("/key?remoteSystemID=Bob&size=1024").text("key")).length);
    assertEquals("size must be a multiple of 8 from 384 to 1024 bits",
        kp.get("/key?remoteSystemID=Bob&size=256").error());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/key", "/key?size=256", "/key?remoteSystemID=", "/key?remoteSystemID",
      "/key?remotesystemid=Bob", "/key?RemoteSystemID=Bob"})
  void skipKey04_missingRemoteSystemId_is400(String target) {
    SkipFixture.Reply reply = alice.get(target);

    assertJsonError(reply, 400);
    assertEquals("missing remoteSystemID", reply.error());
  }

  @ParameterizedTest
  @CsvSource({"KP_A_LOC1,200", "KP__LOC1,200", "KP_Zürich_LOC1,200", "KP_A_LOC1X,400",
      "KP_A.LOC1,400", "XKP_A_LOC1,400", "Bob,200", "bob,400", "Bobby,400", "Eve,400",
      "KP_A_LOC,400"})
  void skipKey05_remoteSystemId_matchesLiteralsAndAnchoredGlobs(String remote, int status) {
    SkipFixture.Reply reply = alice.get("/key?remoteSystemID="
        + java.net.URLEncoder.encode(remote, java.nio.charset.StandardCharsets.UTF_8));

    assertEquals(status, reply.status(), remote);
    if (status == 400) {
      assertEquals("remoteSystemID not allowed", reply.error());
      assertTrue(alice.minter.calls.isEmpty());
    }
  }

  @Test
  void skipKey05_firstMatchingPatternChoosesThePeer() {
    RemoteSystems systems = RemoteSystems.of(List.of(new RemoteSystems.Entry("KP_A_*", "a"),
        new RemoteSystems.Entry("KP_*", "star"), new RemoteSystems.Entry("KP_A_LOC1", "never")));

    assertEquals("a", systems.peerFor("KP_A_LOC1").orElseThrow());
    assertEquals("star", systems.peerFor("KP_B").orElseThrow());
    assertFalse(systems.peerFor("kp_b").isPresent());
  }

  @Test
  void skipKey05_overlongRemoteSystemId_is400() {
    String remote = "KP_" + "x".repeat(SkipApi.MAX_REMOTE_ID_CHARS) + "_LOC1";

    assertEquals("remoteSystemID longer than " + SkipApi.MAX_REMOTE_ID_CHARS,
        alice.get("/key?remoteSystemID=" + remote).error());
  }

  @Test
  void skipKey06_thousandCalls_giveThousandDistinctKeyIdsAndKeys() {
    Set<String> ids = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      SkipFixture.Reply reply = alice.get("/key?remoteSystemID=Bob");
      assertEquals(200, reply.status());
      ids.add(reply.text("keyId"));
      keys.add(reply.text("key"));
    }

    assertEquals(1000, ids.size());
    assertEquals(1000, keys.size());
  }

  @Test
  void skipKey07_keyIds_comeFromTheGivenSecureRandomNotTheKey() {
    SecureRandom fixed = new SecureRandom() {
      private static final long serialVersionUID = 1L;

      @Override
      public void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
          bytes[i] = (byte) (0xA0 + i);
        }
      }
    };

    assertEquals("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf", KeyIds.random(fixed));
  }

  @Test
  void skipKey07_keyIdAndKeyBits_agreeAboutHalfTheTime() {
    int agree = 0;
    int n = 1000;
    for (int i = 0; i < n; i++) {
      SkipFixture.Reply reply = alice.get("/key?remoteSystemID=Bob&size=128");
      byte[] id = hex(reply.text("keyId"));
      byte[] key = hex(reply.text("key"));
      for (int j = 0; j < 16; j++) {
        agree += 8 - Integer.bitCount((id[j] ^ key[j]) & 0xff);
      }
    }

    // 128,000 bit pairs: independent bits agree 64,000 ± 179 (1 sigma); allow 6 sigma.
    assertTrue(Math.abs(agree - 64_000) < 6 * 179, "agreeing bits: " + agree);
  }

  @Test
  void skipKey08_syncFailure_is500AndNoKey() {
    alice.minter.failWith = "peer b unreachable: connect timed out";

    SkipFixture.Reply reply = alice.get("/key?remoteSystemID=Bob");

    assertJsonError(reply, 500);
    assertEquals("key synchronisation failed", reply.error());
  }

  @Test
  void skipKey08_minterAnsweringTheWrongSize_is500AndItsKeyIsZeroed() {
    KeyMinter wrong = (remote, peer, bits) -> new KeyMinter.Minted(KeyIds.random(
        new SecureRandom()), new byte[] {1, 2, 3});
    SkipApi api = SkipApi.create(settings(), wrong, alice.store,
        EntropySource.ownSecureRandom(), alice.clock);

    SkipFixture.Reply reply = SkipFixture.call(api, "GET", "/key?remoteSystemID=Bob");

    assertJsonError(reply, 500);
    assertEquals("internal error", reply.error());
  }

  @Test
  void skipKey09_mintedKeyId_isUnknownOnTheSameProvider() {
    String keyId = alice.get("/key?remoteSystemID=Bob").text("keyId");

    SkipFixture.Reply again = alice.get("/key/" + keyId + "?remoteSystemID=Bob");

    assertJsonError(again, 400);
    assertEquals("unknown keyId", again.error());
    assertTrue(SkipFixture.allZero(alice.minter.handedOut.get(0)), "minted key zeroed");
  }

  private static ApiSettings settings() {
    return ApiSettings.withDefaults("Alice", "PRF",
        RemoteSystems.of(List.of(new RemoteSystems.Entry("Bob", "b"))));
  }
}
