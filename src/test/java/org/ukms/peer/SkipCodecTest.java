package org.ukms.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.ukms.core.Blob;
import org.ukms.core.KeyRef;
import org.ukms.core.SkipMessage;
import org.ukms.core.V2Schedule;

/** The wire of the v2 skip step (docs/protocol-v2.md, "The skip step"). */
class SkipCodecTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String KEY_ID = "00112233445566778899aabbccddeeff";

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }

  @Test
  void sync_roundTripsAsTheDocumentedJson() throws Exception {
    SkipMessage.Sync sync = new SkipMessage.Sync(KEY_ID, 256, "Alice", "Bob",
        V2Schedule.Mode.HYBRID, new KeyRef("ref-1"), Blob.of(new byte[] {1, 2, 3}));
    String wire = SkipCodec.encodeSync(sync);

    assertEquals("{\"skip_key_id\":\"" + KEY_ID + "\",\"size_bits\":256,\"system_id\":\"Alice\","
        + "\"remote_system_id\":\"Bob\",\"mode\":\"hybrid\",\"key_ID\":\"ref-1\","
        + "\"kem_ek\":\"AQID\"}", wire);
    assertEquals(sync, SkipCodec.decodeSync(json(wire)));
  }

  @Test
  void malformedSync_isRefused400NamingTheField() throws Exception {
    V2Responder.Answer a = SkipCodec.respond(json("{\"skip_key_id\":\"" + KEY_ID + "\","
        + "\"size_bits\":\"256\",\"system_id\":\"Alice\",\"remote_system_id\":\"Bob\","
        + "\"mode\":\"qkd\",\"key_ID\":\"r\"}"), s -> {
          throw new AssertionError("not reached");
        });

    assertEquals(new V2Responder.Answer(400,
        "{\"reason\":\"malformed\",\"error\":\"missing size_bits\"}"), a);
    assertThrows(IllegalArgumentException.class, () -> SkipCodec.decodeSync(json(
        "{\"skip_key_id\":\"" + KEY_ID + "\",\"size_bits\":256,\"system_id\":\"Alice\","
            + "\"remote_system_id\":\"Bob\",\"mode\":\"qkd\"}")), "qkd needs key_ID");
  }

  @Test
  void answers_mapToStatusesAndBack() throws Exception {
    SkipMessage synced = new SkipMessage.Synced(null, Blob.of(new byte[] {9}));
    SkipMessage duplicate = new SkipMessage.Refused(SkipMessage.Reason.DUPLICATE, "seen");
    V2Responder.Answer ok = SkipCodec.answer(synced);
    V2Responder.Answer refused = SkipCodec.answer(duplicate);

    assertEquals(new V2Responder.Answer(200, "{\"confirm\":\"CQ==\"}"), ok);
    assertEquals(409, refused.status());
    assertEquals(synced, SkipCodec.decodeAnswer(200, json(ok.json())));
    assertEquals(duplicate, SkipCodec.decodeAnswer(409, json(refused.json())));
    assertEquals(new V2Responder.Answer(404,
        "{\"reason\":\"disabled\",\"error\":\"SKIP not enabled\"}"), SkipCodec.DISABLED);
    assertEquals(new SkipMessage.Failed("answered 400: x"),
        SkipCodec.decodeAnswer(400, json("{\"reason\":\"duplicate\",\"error\":\"x\"}")),
        "a reason under the wrong status is no refusal we know");
    assertEquals(new SkipMessage.Failed("malformed 200 answer: missing confirm"),
        SkipCodec.decodeAnswer(200, json("{}")));
  }
}
