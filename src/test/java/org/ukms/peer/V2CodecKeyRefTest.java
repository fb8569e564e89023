package org.ukms.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.ukms.core.Blob;
import org.ukms.core.KeyRef;
import org.ukms.core.V2Message;
import org.ukms.core.V2Schedule;

/**
 * The offer's {@code key_ID} carries the key source's opaque reference: an ETSI 014 key_ID as
 * before (so v2 nodes of the previous release still agree), or another source's reference such as
 * an ETSI 004 key stream and index; anything outside the reference grammar is refused.
 */
class V2CodecKeyRefTest {
  private final ObjectMapper mapper = new ObjectMapper();

  V2Message.Offer roundTrip(String ref) throws Exception {
    V2Message.Offer offer = new V2Message.Offer(3, V2Schedule.Mode.QKD, Blob.of(new byte[16]),
        new KeyRef(ref), null);
    return V2Codec.decodeOffer(mapper.readTree(V2Codec.encodeRequest(offer)));
  }

  @Test
  void anEtsi014KeyId_andAnEtsi004StreamAndIndex_travelUnchanged() throws Exception {
    String keyId = "7fb22ed2-d3f4-2eba-af85-f54046d5216e";
    String streamIndex = "0b5b0c9e-5c1a-4d43-a1a4-9e2f7d2c6a11:17";

    assertEquals(keyId, roundTrip(keyId).keyId().value());
    assertEquals(streamIndex, roundTrip(streamIndex).keyId().value());
  }

  @Test
  void aKeyIdOutsideTheGrammar_isAMalformedOffer() throws Exception {
    ObjectNode body = (ObjectNode) mapper.readTree(V2Codec.encodeRequest(
        new V2Message.Offer(3, V2Schedule.Mode.QKD, Blob.of(new byte[16]),
            new KeyRef("a"), null)));
    body.put("key_ID", "has space");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> V2Codec.decodeOffer(body));
    assertEquals("key_ID is not a key reference", e.getMessage());
  }
}
