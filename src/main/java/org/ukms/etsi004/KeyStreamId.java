package org.ukms.etsi004;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * A Key_stream_ID: 16 bytes, sent as stored (the forge binding copies the {@code uuid_t} bytes;
 * spec §8.1). All zero is NULL, which asks the KM for a new stream. Not secret:
 * {@link #toString()} shows the UUID form. Held as two longs so the record has no array component.
 */
public record KeyStreamId(long high, long low) {
  public static final KeyStreamId NULL = new KeyStreamId(0, 0);
  public static final int BYTES = 16;

  public static KeyStreamId of(byte[] bytes) {
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("key stream ID: expected 16 bytes, found " + bytes.length);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return new KeyStreamId(b.getLong(), b.getLong());
  }

  public static KeyStreamId of(UUID uuid) {
    return new KeyStreamId(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
  }

  /** Parses the UUID text form; throws IllegalArgumentException naming the input otherwise. */
  public static KeyStreamId parse(String text) {
    try {
      if (text.length() != 36) {
        throw new IllegalArgumentException();
      }
      return of(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key stream ID: expected a UUID, found \"" + text + "\"");
    }
  }

  public boolean isNull() {
    return high == 0 && low == 0;
  }

  /** A fresh copy of the 16 bytes. */
  public byte[] toBytes() {
    return ByteBuffer.allocate(BYTES).putLong(high).putLong(low).array();
  }

  public UUID toUuid() {
    return new UUID(high, low);
  }

  @Override
  public String toString() {
    return toUuid().toString();
  }
}
