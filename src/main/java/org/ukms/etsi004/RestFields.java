package org.ukms.etsi004;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ukms.crypto.Secret;
import org.ukms.crypto.StrictBase64;

/**
 * The members of one REST binding body (a JSON object), read strictly: one object and nothing
 * after it, no member twice, and typed accessors whose errors name the member, as
 * {@code ETSI 004 REST get_key answer: indexes[0]: expected a uint32, found -1}. Unknown members
 * are ignored. The {@code keys} member is decoded from the parser's character buffer straight
 * into {@link Secret}s, so no key becomes a String; {@link #takeKeys()} hands them over, and
 * {@link #destroy()} wipes any not taken. Never puts a member's value in an error message except
 * numbers and the first characters of non-key text.
 */
final class RestFields {
  private final String what;
  private final Map<String, JsonNode> members;
  private List<Secret> keys;

  private RestFields(String what, Map<String, JsonNode> members, List<Secret> keys) {
    this.what = what;
    this.members = members;
    this.keys = keys;
  }

  /** Parses {@code body}; {@code what} begins every error, e.g. "ETSI 004 REST close answer". */
  static RestFields parse(ObjectMapper mapper, byte[] body, String what) {
    Map<String, JsonNode> members = new LinkedHashMap<>();
    List<Secret> keys = null;
    try (JsonParser p = mapper.getFactory().createParser(body)) {
      p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new Etsi004ProtocolException(what + ": expected a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("keys") && value == JsonToken.START_ARRAY) {
          keys = new ArrayList<>();
          readKeys(p, keys, what);
        } else {
          members.put(name, p.readValueAsTree());
        }
      }
      if (p.nextToken() != null) {
        throw new Etsi004ProtocolException(what + ": trailing data after the JSON object");
      }
    } catch (IOException e) {
      destroy(keys);
      throw new Etsi004ProtocolException(what + ": malformed JSON");
    } catch (RuntimeException e) {
      destroy(keys);
      throw e;
    }
    if (keys == null && members.containsKey("keys")) {
      throw new Etsi004ProtocolException(what + ": keys: expected an array, found "
          + describe(members.get("keys")));
    }
    return new RestFields(what, members, keys);
  }

  private static void readKeys(JsonParser p, List<Secret> keys, String what) throws IOException {
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      String where = what + ": keys[" + keys.size() + "]";
      if (t != JsonToken.VALUE_STRING) {
        throw new Etsi004ProtocolException(where + ": expected a Base64 string, found "
            + describe(p.readValueAsTree()));
      }
      keys.add(StrictBase64.decodeSecret(p.getTextCharacters(), p.getTextOffset(),
          p.getTextLength()).orElseThrow(() -> new Etsi004ProtocolException(where
              + ": not strict standard padded Base64")));
    }
  }

  String what() {
    return what;
  }

  boolean has(String name) {
    JsonNode n = members.get(name);
    return n != null && !n.isNull();
  }

  Etsi004ProtocolException error(String field, String problem) {
    return new Etsi004ProtocolException(what + ": " + field + ": " + problem);
  }

  long uint32(String name) {
    return uint32(require(name), name);
  }

  Optional<Long> optionalUint32(String name) {
    return has(name) ? Optional.of(uint32(name)) : Optional.empty();
  }

  long uint32(JsonNode n, String field) {
    if (n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= 0
        && n.asLong() <= 0xFFFF_FFFFL) {
      return n.asLong();
    }
    throw error(field, "expected a uint32, found " + describe(n));
  }

  String text(String name) {
    return text(require(name), name);
  }

  Optional<String> optionalText(String name) {
    return has(name) ? Optional.of(text(name)) : Optional.empty();
  }

  String text(JsonNode n, String field) {
    if (!n.isTextual()) {
      throw error(field, "expected a string, found " + describe(n));
    }
    return n.asText();
  }

  /** A Key_stream_ID in UUID text form. */
  KeyStreamId ksid(String name) {
    String text = text(name);
    try {
      return KeyStreamId.parse(text);
    } catch (IllegalArgumentException e) {
      throw error(name, "expected a UUID, found \"" + shorten(text, 40) + "\"");
    }
  }

  /** An array of exactly one uint32 (ukms asks for one index per call). */
  long oneIndex(String name) {
    JsonNode n = require(name);
    if (!n.isArray()) {
      throw error(name, "expected an array, found " + describe(n));
    }
    if (n.size() != 1) {
      throw error(name, "expected exactly one index, found " + n.size());
    }
    return uint32(n.get(0), name + "[0]");
  }

  JsonNode object(String name) {
    JsonNode n = require(name);
    if (!n.isObject()) {
      throw error(name, "expected an object, found " + describe(n));
    }
    return n;
  }

  /** QoS member names as ETSI Table 2 spells them, in snake case. */
  Qos qos(String name) {
    JsonNode q = object(name);
    try {
      return new Qos(uint32In(q, name, "key_chunk_size"), uint32In(q, name, "max_bps"),
          uint32In(q, name, "min_bps"), uint32In(q, name, "jitter"),
          uint32In(q, name, "priority"), uint32In(q, name, "timeout"), uint32In(q, name, "ttl"),
          textIn(q, name, "metadata_mimetype"));
    } catch (IllegalArgumentException e) {
      throw error(name, e.getMessage());
    }
  }

  private long uint32In(JsonNode object, String parent, String member) {
    JsonNode n = object.get(member);
    if (n == null) {
      throw error(parent + "." + member, "missing");
    }
    return uint32(n, parent + "." + member);
  }

  private String textIn(JsonNode object, String parent, String member) {
    JsonNode n = object.get(member);
    if (n == null) {
      throw error(parent + "." + member, "missing");
    }
    return text(n, parent + "." + member);
  }

  /** The keys, now the caller's; null when the body had no {@code keys} array. */
  List<Secret> takeKeys() {
    List<Secret> out = keys;
    keys = null;
    return out;
  }

  void destroy() {
    destroy(keys);
    keys = null;
  }

  private JsonNode require(String name) {
    JsonNode n = members.get(name);
    if (n == null) {
      throw error(name, "missing");
    }
    return n;
  }

  private static void destroy(List<Secret> keys) {
    if (keys != null) {
      keys.forEach(Secret::destroy);
    }
  }

  static String describe(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    if (n.isNull()) {
      return "null";
    }
    if (n.isTextual()) {
      return "a string";
    }
    if (n.isNumber()) {
      return n.isIntegralNumber() ? n.asText() : "a fraction " + n.asText();
    }
    if (n.isBoolean()) {
      return "a boolean";
    }
    return n.isArray() ? "an array" : "an object";
  }

  /** Printable ASCII, at most {@code max} characters: KM text goes to our logs. */
  static String shorten(String text, int max) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return text.length() > max ? out + "..." : out.toString();
  }
}
