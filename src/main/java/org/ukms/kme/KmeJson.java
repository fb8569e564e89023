package org.ukms.kme;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ukms.crypto.Secret;
import org.ukms.crypto.StrictBase64;

/**
 * Strict reading of ETSI 014 bodies. Unknown members are ignored (C-19); required members must be
 * present with the right JSON type. Key text is decoded from the parser's character buffer
 * straight into a {@link Secret}, so no key ever becomes a {@code String}.
 */
final class KmeJson {
  private final ObjectMapper mapper;

  KmeJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** A key as parsed: its ID text not yet validated, its bytes already in a secret. */
  record RawKey(String keyId, Secret key) {}

  List<RawKey> keyContainer(byte[] body) {
    List<RawKey> keys = new ArrayList<>();
    boolean sawKeys = false;
    try (JsonParser p = mapper.getFactory().createParser(body)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, "Key container");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("keys")) {
          expect(value, JsonToken.START_ARRAY, "keys");
          sawKeys = true;
          while (p.nextToken() == JsonToken.START_OBJECT) {
            keys.add(key(p, keys.size()));
          }
          expect(p.currentToken(), JsonToken.END_ARRAY, "keys");
        } else {
          p.skipChildren();
        }
      }
      expect(p.currentToken(), JsonToken.END_OBJECT, "Key container");
      if (p.nextToken() != null) {
        throw new KmeProtocolException("Key container: trailing data after the JSON object");
      }
    } catch (IOException e) {
      keys.forEach(k -> k.key().destroy());
      throw new KmeProtocolException("Key container: malformed JSON");
    } catch (KmeProtocolException e) {
      keys.forEach(k -> k.key().destroy());
      throw e;
    }
    if (!sawKeys) {
      throw new KmeProtocolException("Key container: missing member \"keys\"");
    }
    return keys;
  }

  private static RawKey key(JsonParser p, int index) throws IOException {
    String where = "keys[" + index + "]";
    String keyId = null;
    Secret key = null;
    try {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("key_ID")) {
          expect(value, JsonToken.VALUE_STRING, where + ".key_ID");
          keyId = p.getText();
        } else if (name.equals("key")) {
          expect(value, JsonToken.VALUE_STRING, where + ".key");
          if (key != null) {
            throw new KmeProtocolException(where + ".key: given twice");
          }
          key = StrictBase64.decodeSecret(
                  p.getTextCharacters(), p.getTextOffset(), p.getTextLength())
              .orElseThrow(() -> new KmeProtocolException(
                  where + ".key: not strict standard padded Base64"));
        } else {
          p.skipChildren();
        }
      }
      if (keyId == null) {
        throw new KmeProtocolException(where + ": missing member \"key_ID\"");
      }
      if (key == null) {
        throw new KmeProtocolException(where + ": missing member \"key\"");
      }
      return new RawKey(keyId, key);
    } catch (IOException | RuntimeException e) {
      if (key != null) {
        key.destroy();
      }
      throw e;
    }
  }

  KmeStatus status(byte[] body) {
    JsonNode root = tree(body, "Status");
    return new KmeStatus(
        text(root, "source_KME_ID"),
        text(root, "target_KME_ID"),
        text(root, "master_SAE_ID"),
        text(root, "slave_SAE_ID"),
        integer(root, "key_size"),
        integer(root, "stored_key_count"),
        integer(root, "max_key_count"),
        integer(root, "max_key_per_request"),
        integer(root, "max_key_size"),
        integer(root, "min_key_size"),
        integer(root, "max_SAE_ID_count"));
  }

  /** The {@code message} of an Error body, if the body is one (C-13); sanitised for logs. */
  Optional<String> errorMessage(byte[] body) {
    try {
      JsonNode root = mapper.readTree(body);
      if (root != null && root.path("message").isTextual()) {
        return Optional.of(sanitise(root.get("message").asText()));
      }
    } catch (IOException e) {
      // Not JSON: a 401 or a proxy page. The status code alone is reported.
    }
    return Optional.empty();
  }

  /** Printable ASCII only, at most 160 characters: KME text goes to our logs. */
  static String sanitise(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < 160; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }

  private JsonNode tree(byte[] body, String what) {
    try {
      JsonNode root = mapper.readTree(body);
      if (root == null || !root.isObject()) {
        throw new KmeProtocolException(what + ": expected a JSON object");
      }
      return root;
    } catch (IOException e) {
      throw new KmeProtocolException(what + ": malformed JSON");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new KmeProtocolException("Status." + field + ": "
          + (value == null ? "missing" : "expected a string"));
    }
    return value.asText();
  }

  private static int integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 0) {
      throw new KmeProtocolException("Status." + field + ": "
          + (value == null ? "missing" : "expected a non-negative integer"));
    }
    return value.asInt();
  }

  private static void expect(JsonToken actual, JsonToken expected, String where) {
    if (actual != expected) {
      throw new KmeProtocolException(where + ": expected " + describe(expected) + ", found "
          + describe(actual));
    }
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "end of input";
    }
    switch (token) {
      case START_OBJECT: return "an object";
      case END_OBJECT: return "the end of an object";
      case START_ARRAY: return "an array";
      case END_ARRAY: return "the end of an array";
      case VALUE_STRING: return "a string";
      case VALUE_NUMBER_INT: case VALUE_NUMBER_FLOAT: return "a number";
      case VALUE_TRUE: case VALUE_FALSE: return "a boolean";
      case VALUE_NULL: return "null";
      default: return token.name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
