package org.ukms.etsi004;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * ETSI 004 QoS (Table 2). All numbers are uint32 held in a {@code long}; 0 means "let the KM
 * choose". Units: {@code keyChunkSize} bytes, rates bits per second, {@code timeoutMs}
 * milliseconds, {@code ttlSeconds} seconds. An empty {@code metadataMimetype} asks for no
 * metadata.
 */
public record Qos(long keyChunkSize, long maxBps, long minBps, long jitter, long priority,
    long timeoutMs, long ttlSeconds, String metadataMimetype) {

  /** At most 255 bytes, so the NUL-terminated form fits the reference's 256-byte buffer. */
  public static final int MAX_MIMETYPE_BYTES = 255;
  public static final String JSON = "application/json";

  public Qos {
    checkUint32(keyChunkSize, "key_chunk_size");
    checkUint32(maxBps, "max_bps");
    checkUint32(minBps, "min_bps");
    checkUint32(jitter, "jitter");
    checkUint32(priority, "priority");
    checkUint32(timeoutMs, "timeout");
    checkUint32(ttlSeconds, "ttl");
    Objects.requireNonNull(metadataMimetype, "metadataMimetype");
    if (metadataMimetype.getBytes(StandardCharsets.UTF_8).length > MAX_MIMETYPE_BYTES) {
      throw new IllegalArgumentException("metadata_mimetype: longer than 255 bytes");
    }
    if (metadataMimetype.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("metadata_mimetype: contains NUL");
    }
  }

  /** A WireGuard PSK stream: 32-byte chunks, the given timeout and TTL, JSON metadata. */
  public static Qos wireGuard(long timeoutMs, long ttlSeconds) {
    return new Qos(32, 0, 0, 0, 0, timeoutMs, ttlSeconds, JSON);
  }

  public Qos withKeyChunkSize(long size) {
    return new Qos(size, maxBps, minBps, jitter, priority, timeoutMs, ttlSeconds,
        metadataMimetype);
  }

  static void checkUint32(long value, String name) {
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(name + ": expected a uint32, found " + value);
    }
  }
}
