package org.ukms.skip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ukms.testing.FuzzLines;

/**
 * Fuzz (docs/fuzzing.md) the SKIP request parsing: {@link SkipApi#handle} on any method and
 * request target (input: the method on the first line, the rest the target as Latin-1), and
 * {@link SkipTarget#parameters} on any raw query (the input as Latin-1).
 */
class SkipApiFuzzTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final PendingKeys STORE =
      PendingKeys.create(InstantSource.system(), Duration.ofSeconds(60), 1024);
  private static final SkipApi API = SkipApi.create(
      ApiSettings.withDefaults("Alice", "PRF", RemoteSystems.of(List.of(
          new RemoteSystems.Entry("Bob", "b"), new RemoteSystems.Entry("KP_[!x]*?_LOC1", "c")))),
      (remote, peer, bits) -> {
        byte[] key = new byte[bits / 8];
        RANDOM.nextBytes(key);
        return new KeyMinter.Minted(KeyIds.random(RANDOM), key);
      }, STORE, EntropySource.ownSecureRandom(), InstantSource.system());
  private static final Set<Integer> DOCUMENTED = Set.of(200, 400, 404, 405);

  /** Every answer is a documented status with a JSON object; errors are {"error":…} only. */
  @FuzzTest
  void handle_anyMethodAndTarget_isADocumentedJsonAnswer(byte[] input) {
    FuzzLines lines = FuzzLines.of(input, 1);
    String target = new String(lines.rest(), StandardCharsets.ISO_8859_1);
    STORE.deposit("Bob", "0011223344556677", new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

    SkipFixture.Reply reply = SkipFixture.call(API, lines.line(0), target);

    assertTrue(DOCUMENTED.contains(reply.status()), () -> reply.status() + " for " + target);
    assertEquals("application/json", reply.contentType());
    JsonNode body = reply.json();
    assertTrue(body.isObject());
    assertEquals(reply.status() == 405 ? "GET" : null, reply.allow());
    if (reply.status() != 200) {
      assertEquals(1, body.size());
      String error = body.get("error").asText();
      assertTrue(error.chars().allMatch(c -> c >= 0x20 && c < 0x7f), error);
    } else if (body.has("keyId")) {
      assertTrue(body.get("keyId").asText().matches("[0-9a-f]{2,128}"));
      assertTrue(body.get("key").asText().matches("([0-9a-f]{2})+"));
    }
    assertTrue(SkipFixture.allZero(reply.bodyAfterWrite()));
  }

  /**
   * A query either is refused or decodes exactly as the JDK's {@link URLDecoder} does (with
   * {@code +} kept literal), to values without control characters; encoding those values again,
   * every byte as {@code %XX}, parses back to the same parameters.
   */
  @FuzzTest
  void parameters_anyQuery_decodeAsTheJdkAndRoundTrip(byte[] input) {
    String raw = new String(input, StandardCharsets.ISO_8859_1);
    Map<String, String> parsed;
    try {
      parsed = SkipTarget.parameters(raw);
    } catch (BadRequestException refused) {
      return;
    }

    StringBuilder again = new StringBuilder();
    for (String pair : raw.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = jdk(eq < 0 ? pair : pair.substring(0, eq));
      String value = jdk(eq < 0 ? "" : pair.substring(eq + 1));
      assertEquals(value, parsed.get(name), () -> "parameter " + name + " of " + raw);
      assertTrue((name + value).chars().noneMatch(Character::isISOControl));
      again.append('&').append(encodeAll(name)).append('=').append(encodeAll(value));
    }
    try {
      assertEquals(parsed, SkipTarget.parameters(again.toString()));
    } catch (BadRequestException e) {
      throw new AssertionError("re-encoded query refused: " + e.getMessage(), e);
    }
  }

  private static String jdk(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String encodeAll(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      out.append(String.format("%%%02X", b & 0xff));
    }
    return out.toString();
  }
}
