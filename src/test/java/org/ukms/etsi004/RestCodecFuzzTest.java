package org.ukms.etsi004;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Fuzz (docs/fuzzing.md): {@link RestCodec} on any body, read as each of the three answers with
 * HTTP 200, 503 and 400, and as each of the three requests. Only {@link Etsi004ProtocolException}
 * escapes; no message repeats a text of the {@code keys} array; a decoded GET_KEY answer is
 * status 0 with exactly the asked index and a live key, or a failure status with an empty key.
 */
class RestCodecFuzzTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final KeyStreamId KSID =
      KeyStreamId.parse("123e4567-e89b-12d3-a456-426614174000");
  private static final OpenConnectRequest OPEN = new OpenConnectRequest("wgrot://a",
      "wgrot://b", Qos.wireGuard(5000, 3600), KeyStreamId.NULL);
  private static final GetKeyRequest GET = new GetKeyRequest(KSID, 7, 1024);
  private final RestCodec codec = new RestCodec(MAPPER);

  @FuzzTest
  void decode_anyBody_yieldsRecordsOrProtocolErrors(byte[] body) {
    Set<String> keys = keyTexts(body);
    for (int http : new int[] {200, 503, 400, 404}) {
      try {
        codec.decodeOpenConnectResponse(http, body, OPEN);
      } catch (Etsi004ProtocolException e) {
        assertNoKeyText(e, keys);
      }
      try {
        GetKeyResponse r = codec.decodeGetKeyResponse(http, body, GET);
        if (r.status().isSuccess()) {
          assertEquals(200, http);
          assertFalse(r.key().isDestroyed());
        } else {
          assertEquals(0, r.key().length());
          assertEquals(7, r.index());
        }
        r.key().destroy();
      } catch (Etsi004ProtocolException e) {
        assertNoKeyText(e, keys);
      }
      try {
        codec.decodeCloseResponse(http, body);
      } catch (Etsi004ProtocolException e) {
        assertNoKeyText(e, keys);
      }
    }
    try {
      OpenConnectRequest r = codec.decodeOpenConnectRequest(body);
      assertEquals(r, codec.decodeOpenConnectRequest(codec.encode(r)));
    } catch (Etsi004ProtocolException e) {
      assertNoKeyText(e, keys);
    }
    try {
      GetKeyRequest r = codec.decodeGetKeyRequest(body);
      assertEquals(r, codec.decodeGetKeyRequest(codec.encode(r)));
    } catch (Etsi004ProtocolException e) {
      assertNoKeyText(e, keys);
    }
    try {
      codec.decodeCloseRequest(body);
    } catch (Etsi004ProtocolException e) {
      assertNoKeyText(e, keys);
    }
  }

  /**
   * The texts of a top-level {@code keys} array, less any that also appear elsewhere in the
   * body (a {@code message} or a KSID is echoed on purpose).
   */
  static Set<String> keyTexts(byte[] body) {
    Set<String> found = new LinkedHashSet<>();
    try {
      JsonNode root = MAPPER.readTree(body);
      if (root != null && root.isObject() && root.path("keys").isArray()) {
        root.get("keys").forEach(k -> {
          if (k.isTextual() && k.asText().length() >= 8) {
            found.add(k.asText());
          }
        });
        String rest = ((ObjectNode) root.deepCopy()).without("keys").toString();
        found.removeIf(rest::contains);
      }
    } catch (IOException e) {
      // not JSON: no key can be decoded from it
    }
    return found;
  }

  static void assertNoKeyText(Throwable error, Set<String> keys) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      assertTrue(keys.stream().noneMatch(message::contains), () -> "key text in " + message);
    }
  }
}
