package org.ukms.skip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ukms.skip.SkipFixture.assertJsonError;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code GET /capabilities} (skip.md §4.1, SKIP-CAP-01..04). */
class SkipCapabilitiesTest {
  @Test
  void skipCap01_body_hasExactlyTheFiveFieldsWithTheirTypes() {
    JsonNode body = SkipFixture.alice().get("/capabilities").json();

    List<String> names = new ArrayList<>();
    body.fieldNames().forEachRemaining(names::add);
    assertEquals(Set.of("entropy", "key", "algorithm", "localSystemID", "remoteSystemID"),
        Set.copyOf(names));
    assertEquals(5, names.size());
    assertTrue(body.get("entropy").isBoolean());
    assertTrue(body.get("key").isBoolean());
    assertTrue(body.get("algorithm").isTextual());
    assertTrue(body.get("localSystemID").isTextual());
    assertTrue(body.get("remoteSystemID").isArray());
    body.get("remoteSystemID").forEach(e -> assertTrue(e.isTextual()));
  }

  @Test
  void skipCap01_body_isTheConfiguredValuesInOrder() {
    SkipFixture.Reply reply = SkipFixture.alice().get("/capabilities");

    assertEquals(200, reply.status());
    assertEquals("{\"entropy\":true,\"key\":true,\"algorithm\":\"QKD+ML-KEM-1024 SHA3-256\","
        + "\"localSystemID\":\"Alice\",\"remoteSystemID\":[\"Bob\",\"KP_*_LOC1\"]}",
        new String(reply.body(), StandardCharsets.UTF_8));
  }

  @Test
  void skipCap02_remoteSystemIdList_isNeverEmpty() {
    assertEquals(2, SkipFixture.alice().get("/capabilities").json().get("remoteSystemID").size());
    assertThrows(IllegalArgumentException.class, () -> RemoteSystems.of(List.of()));
  }

  @Test
  void skipCap03_longAlgorithmAndIds_roundTripUnchanged() {
    String algorithm = "hybrid QKD (ETSI 014) + ML-KEM-1024, SHA3-256 \"KDF\" \\ v2 \u00e9";
    String local = "KP-\u00c5lesund-datacentre-north-rack-42-slot-7-primary";
    String remote = "KP_*_LOC1-with-a-rather-long-suffix-[0-9]?-and-more-text";
    ApiSettings settings = ApiSettings.withDefaults(local, algorithm,
        RemoteSystems.of(List.of(new RemoteSystems.Entry(remote, "c"),
            new RemoteSystems.Entry("x".repeat(200), "d"))));
    assertTrue(algorithm.getBytes(StandardCharsets.UTF_8).length >= 16);
    assertTrue(local.getBytes(StandardCharsets.UTF_8).length >= 32);

    JsonNode body = new SkipFixture(settings, EntropySource.ownSecureRandom())
        .get("/capabilities").json();

    assertEquals(algorithm, body.get("algorithm").asText());
    assertEquals(local, body.get("localSystemID").asText());
    assertEquals(remote, body.get("remoteSystemID").get(0).asText());
    assertEquals("x".repeat(200), body.get("remoteSystemID").get(1).asText());
  }

  @Test
  void skipCap03_controlCharactersInIds_areEscapedValidJson() {
    ApiSettings settings = ApiSettings.withDefaults("a\u0001b\nc", "alg\torithm-16-bytes",
        RemoteSystems.of(List.of(new RemoteSystems.Entry("Bob", "b"))));

    JsonNode body = new SkipFixture(settings, EntropySource.ownSecureRandom())
        .get("/capabilities").json();

    assertEquals("a\u0001b\nc", body.get("localSystemID").asText());
    assertEquals("alg\torithm-16-bytes", body.get("algorithm").asText());
  }

  @Test
  void skipCap04_entropyOff_saysSoAndEntropyIs404() {
    ApiSettings settings = new ApiSettings("Alice", "PRF",
        RemoteSystems.of(List.of(new RemoteSystems.Entry("Bob", "b"))), false, 128, 512);
    SkipFixture kp = new SkipFixture(settings, EntropySource.ownSecureRandom());

    JsonNode body = kp.get("/capabilities").json();

    assertEquals(false, body.get("entropy").asBoolean());
    assertEquals(true, body.get("key").asBoolean());
    assertJsonError(kp.get("/entropy"), 404);
    assertJsonError(kp.call("POST", "/entropy"), 404);
    assertEquals(200, kp.get("/key?remoteSystemID=Bob").status());
  }

  @Test
  void skipCap04_entropyOn_saysSoAndEntropyAnswers() {
    SkipFixture kp = SkipFixture.alice();

    assertEquals(true, kp.get("/capabilities").json().get("entropy").asBoolean());
    assertEquals(200, kp.get("/entropy").status());
  }
}
