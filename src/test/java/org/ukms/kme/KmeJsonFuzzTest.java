package org.ukms.kme;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fuzz (docs/fuzzing.md): {@link KmeJson} on any body. A Key container, a Status and an Error
 * body each parse or fail with {@link KmeProtocolException} only; no message repeats a key; an
 * Error message is sanitised.
 */
class KmeJsonFuzzTest {
  /** Base64-looking runs this long are treated as possible key text (32 bytes are 44). */
  private static final Pattern KEY_TEXT = Pattern.compile("[A-Za-z0-9+/=]{16,}");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final KmeJson json = new KmeJson(MAPPER);

  @FuzzTest
  void parse_anyBody_yieldsValuesOrProtocolErrors(byte[] body) {
    Set<String> keys = keyTexts(body);
    try {
      List<KmeJson.RawKey> parsed = json.keyContainer(body);
      for (KmeJson.RawKey key : parsed) {
        assertTrue(key.keyId() != null && !key.key().isDestroyed());
        key.key().destroy();
      }
    } catch (KmeProtocolException e) {
      assertNoKeyText(e, keys);
    }
    try {
      json.status(body);
    } catch (KmeProtocolException e) {
      assertNoKeyText(e, keys);
    }
    Optional<String> message = json.errorMessage(body);
    message.ifPresent(m -> assertTrue(m.length() <= 160 && m.chars().allMatch(
        c -> c >= 0x20 && c < 0x7f), () -> "not sanitised: " + m));
  }

  /**
   * Key-like texts in a body: Base64 runs of 16 or more characters, less any that also appear in
   * the body's Error {@code message} (which is echoed on purpose).
   */
  static Set<String> keyTexts(byte[] body) {
    Set<String> found = new LinkedHashSet<>();
    Matcher m = KEY_TEXT.matcher(new String(body, StandardCharsets.ISO_8859_1));
    while (m.find()) {
      found.add(m.group());
    }
    try {
      JsonNode root = MAPPER.readTree(body);
      if (root != null && root.path("message").isTextual()) {
        String message = root.get("message").asText();
        found.removeIf(message::contains);
      }
    } catch (IOException e) {
      // Not JSON: no message to echo.
    }
    return found;
  }

  /** No message in the cause chain contains one of {@code keys}. */
  static void assertNoKeyText(Throwable error, Set<String> keys) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      for (String key : keys) {
        assertFalse(message.contains(key), () -> "key text in \"" + message + "\"");
      }
    }
  }
}
