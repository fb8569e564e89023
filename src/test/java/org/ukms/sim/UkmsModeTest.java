package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ukms.testing.ManualClock;
import org.ukms.testing.RawHttp;
import org.ukms.testing.SimHarness;

/**
 * ukms mode as an original uKMS node uses it as its QKD device: the exact requests of its urllib
 * client (a bare GET enc_keys, GET dec_keys?key_ID=), answered with the uKMS derivation.
 */
class UkmsModeTest {
  private final KmeServer kme = SimHarness.plain(
      SimSettings.defaults(SimSettings.Mode.UKMS, "kme", "peer"), "sae_bob",
      new ManualClock(Instant.parse("2030-01-01T00:00:00Z")), Faults.NONE);
  private final ObjectMapper mapper = new ObjectMapper();

  @AfterEach
  void stop() {
    kme.close();
  }

  JsonNode urllibGet(String path) throws Exception {
    String response = RawHttp.exchange(kme.port(), "GET " + path + " HTTP/1.1\r\n"
        + "Accept-Encoding: identity\r\nHost: localhost:" + kme.port()
        + "\r\nUser-Agent: Python-urllib/3.11\r\nConnection: close\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 200 "), response);
    return mapper.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
  }

  @Test
  void originalUkmsNode_encThenDec_getsTheUkmsDerivation() throws Exception {
    JsonNode enc = urllibGet("/api/v1/keys/sae_alice/enc_keys");
    String id = enc.get("keys").get(0).get("key_ID").asText();
    String key = enc.get("keys").get(0).get("key").asText();

    JsonNode dec = urllibGet("/api/v1/keys/sae_alice/dec_keys?key_ID=" + id);

    UUID.fromString(id);
    assertEquals(UkmsDerivation.key(id), key);
    assertEquals(key, dec.get("keys").get(0).get("key").asText());
    assertEquals(key, urllibGet("/api/v1/keys/sae_alice/dec_keys?key_ID=" + id)
        .get("keys").get(0).get("key").asText(), "never consumed, as in uKMS");
  }

  @Test
  void specWireExample_keyOfTheGivenId() throws Exception {
    JsonNode dec = urllibGet(
        "/api/v1/keys/sae_alice/dec_keys?key_ID=1f9bff4f-43f0-44d5-80e3-6f2777242d67");

    assertEquals("0umVRoYcMh57ZdOXQQZWptRIolFu4T0tzhYSwozVyYw=",
        dec.get("keys").get(0).get("key").asText());
  }
}
