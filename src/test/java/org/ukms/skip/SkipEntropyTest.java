package org.ukms.skip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ukms.skip.SkipFixture.assertJsonError;
import static org.ukms.skip.SkipFixture.hex;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /entropy[?minentropy=N]} (SKIP-ENT-01..04). */
class SkipEntropyTest {
  private final SkipFixture alice = SkipFixture.alice();

  @Test
  void skipEnt01_noParameter_gives256BitsAs64HexCharacters() {
    SkipFixture.Reply reply = alice.get("/entropy");

    assertEquals(200, reply.status());
    assertEquals(2, reply.json().size());
    assertTrue(reply.text("randomStr").matches("[0-9a-f]{64}"));
    assertEquals(256, reply.json().get("minentropy").intValue());
    assertTrue(reply.json().get("minentropy").isInt());
  }

  @ParameterizedTest
  @CsvSource({"128,32", "8,2", "2048,512", "264,66"})
  void skipEnt02_minentropyInBits_givesThatManyHexCharacters(int bits, int hexChars) {
    SkipFixture.Reply reply = alice.get("/entropy?minentropy=" + bits);

    assertEquals(200, reply.status());
    assertEquals(hexChars, reply.text("randomStr").length());
    assertEquals(bits, reply.json().get("minentropy").intValue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "7", "12", "2056", "100000", "abc", "", "-8", "16.0"})
  void skipEnt02_unsupportedMinentropy_is400(String value) {
    SkipFixture.Reply reply = alice.get("/entropy?minentropy=" + value);

    assertJsonError(reply, 400);
    assertEquals("minentropy must be a multiple of 8 from 8 to 2048 bits", reply.error());
  }

  @Test
  void skipEnt03_failingSource_is503() {
    SkipFixture kp = new SkipFixture(ApiSettings.withDefaults("Alice", "PRF",
        RemoteSystems.of(List.of(new RemoteSystems.Entry("Bob", "b")))),
        out -> {
          throw new EntropySource.EntropyUnavailableException("no entropy");
        });

    SkipFixture.Reply reply = kp.get("/entropy");

    assertJsonError(reply, 503);
    assertEquals("entropy unavailable", reply.error());
    assertEquals(200, kp.get("/key?remoteSystemID=Bob").status(), "keys do not need it");
  }

  @Test
  void skipEnt03_sourceThrowingUnchecked_is503() {
    SkipFixture kp = new SkipFixture(ApiSettings.withDefaults("Alice", "PRF",
        RemoteSystems.of(List.of(new RemoteSystems.Entry("Bob", "b")))),
        out -> {
          throw new IllegalStateException("DRBG reseed failed");
        });

    assertJsonError(kp.get("/entropy?minentropy=128"), 503);
  }

  @Test
  void skipEnt04_entropyNeverComesFromTheMinterAndKeysNeverRepeatIt() {
    SkipFixture bob = SkipFixture.bob();
    alice.minter.peerStore = bob.store;
    Set<ByteBuffer> entropyWords = new HashSet<>();
    List<byte[]> keys = new java.util.ArrayList<>();
    for (int i = 0; i < 500; i++) {
      byte[] random = hex(alice.get("/entropy").text("randomStr"));
      for (int j = 0; j + 8 <= random.length; j += 8) {
        entropyWords.add(ByteBuffer.wrap(random, j, 8).slice());
      }
      String keyId = alice.get("/key?remoteSystemID=Bob").text("keyId");
      keys.add(hex(bob.get("/key/" + keyId + "?remoteSystemID=Alice").text("key")));
    }

    assertEquals(500, alice.minter.calls.size(), "one mint per key, none per entropy request");
    int collisions = 0;
    for (byte[] key : keys) {
      for (int j = 0; j + 8 <= key.length; j++) {
        collisions += entropyWords.contains(ByteBuffer.wrap(key, j, 8).slice()) ? 1 : 0;
      }
    }
    assertEquals(0, collisions, "a 64-bit window of a key equals a 64-bit word of randomStr");
    assertEquals(2000, entropyWords.size(), "entropy words all distinct");
  }
}
