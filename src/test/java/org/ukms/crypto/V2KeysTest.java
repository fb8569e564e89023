package org.ukms.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The test vectors of docs/protocol-v2.md section 9, and the separation properties. */
class V2KeysTest {
  /** K_auth = bytes 0..31. */
  static final byte[] AUTH_KEY = new byte[32];
  static {
    for (int i = 0; i < 32; i++) {
      AUTH_KEY[i] = (byte) i;
    }
  }

  /** POST /api/v2/peer/offer, alice to bob, ts 1893456000000, nonce 22 × 'A', body "{}". */
  static final String VECTOR_REQUEST_MAC =
      "a9c057f57be2a6c3e10c96a0bce01e73c75918fd197a87fcc22e54ddb74a4b8b";
  /** Response to that nonce, status 200, from bob to alice, body "{}". */
  static final String VECTOR_RESPONSE_MAC =
      "55cc925d9fcaffc58a266b8b5f9ecc02e16204e4b30ffde718a17a88f12f8b72";
  /** ck_0 of the pair (alice, bob). */
  static final String VECTOR_CK0 =
      "d9e25dd85f5bd303faea1d11cfd1b417e2a6830ff07c28a5b71ac327dcad4d71";

  private static final HexFormat HEX = HexFormat.of();
  private final V2Keys keys = V2Keys.of(Secret.copyOf(AUTH_KEY));

  byte[] request(String method, String path, String sender, String receiver, long ts,
      String nonce, String body) {
    return keys.requestMac(method, path, sender, receiver, ts, nonce, body.getBytes());
  }

  @Test
  void vectors() {
    assertEquals(VECTOR_REQUEST_MAC, HEX.formatHex(request("POST", "/api/v2/peer/offer", "alice",
        "bob", 1893456000000L, "AAAAAAAAAAAAAAAAAAAAAA", "{}")));
    assertEquals(VECTOR_RESPONSE_MAC, HEX.formatHex(keys.responseMac("AAAAAAAAAAAAAAAAAAAAAA",
        200, "bob", "alice", "{}".getBytes())));
    assertEquals(VECTOR_CK0, HEX.formatHex(keys.initialChainKey("alice", "bob").reveal()));
  }

  @Test
  void initialChainKey_isTheSameAtBothEnds() {
    assertTrue(keys.initialChainKey("alice", "bob").sameAs(keys.initialChainKey("bob", "alice")));
  }

  @Test
  void requestMac_coversEveryField() {
    byte[] base = request("POST", "/p", "a", "b", 1, "n", "{}");
    byte[][] changed = {
        request("GET", "/p", "a", "b", 1, "n", "{}"),
        request("POST", "/q", "a", "b", 1, "n", "{}"),
        request("POST", "/p", "b", "a", 1, "n", "{}"),
        request("POST", "/p", "a", "c", 1, "n", "{}"),
        request("POST", "/p", "a", "b", 2, "n", "{}"),
        request("POST", "/p", "a", "b", 1, "m", "{}"),
        request("POST", "/p", "a", "b", 1, "n", "{ }"),
        request("POST", "/p", "ab", "", 1, "n", "{}")};
    for (byte[] c : changed) {
      assertFalse(Arrays.equals(base, c));
    }
  }

  @Test
  void requestAndResponseMacs_useDifferentKeys() {
    byte[] asRequest = request("200", "n", "b", "a", 0, "", "{}");
    byte[] asResponse = keys.responseMac("n", 200, "b", "a", "{}".getBytes());

    assertFalse(Arrays.equals(asRequest, asResponse));
  }

  @Test
  void toString_isRedacted() {
    assertEquals("V2Keys[redacted]", keys.toString());
  }
}
