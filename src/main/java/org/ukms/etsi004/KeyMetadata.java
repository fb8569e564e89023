package org.ukms.etsi004;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The fields of Table 3 that ukms reads from JSON metadata (E004-GK-06): {@code age} (ms since
 * the chunk became available) and {@code hops} (trusted nodes; 0 = direct link). Metadata that is
 * empty, not JSON, not an object, or has other fields is tolerated: what is missing is empty.
 */
public record KeyMetadata(OptionalLong ageMs, OptionalLong hops) {
  public static final KeyMetadata NONE =
      new KeyMetadata(OptionalLong.empty(), OptionalLong.empty());
  private static final JsonFactory JSON = new JsonFactory(); // immutable once built
  /** Bigger metadata is not parsed. */
  static final int MAX_BYTES = 64 * 1024;

  public KeyMetadata {
    Objects.requireNonNull(ageMs, "ageMs");
    Objects.requireNonNull(hops, "hops");
  }

  public static KeyMetadata parse(Metadata metadata) {
    if (metadata.length() == 0 || metadata.length() > MAX_BYTES) {
      return NONE;
    }
    OptionalLong age = OptionalLong.empty();
    OptionalLong hops = OptionalLong.empty();
    try (JsonParser p = JSON.createParser(metadata.toBytes())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return NONE;
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        boolean count = value == JsonToken.VALUE_NUMBER_INT
            && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER && p.getLongValue() >= 0;
        if (count) {
          if (name.equals("age")) {
            age = OptionalLong.of(p.getLongValue());
          } else if (name.equals("hops")) {
            hops = OptionalLong.of(p.getLongValue());
          }
        } else {
          p.skipChildren();
        }
      }
      return new KeyMetadata(age, hops);
    } catch (IOException e) {
      return NONE; // not JSON: ignored, as unexpected metadata must be
    }
  }
}
