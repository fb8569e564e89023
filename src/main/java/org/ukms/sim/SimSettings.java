package org.ukms.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * How a simulated KME behaves. Sizes in bits, as in ETSI 014; {@code rateBitsPerSecond} is the
 * QKD link's key generation rate (0: the pool never refills); {@code keyTtl} zero means keys
 * never expire; {@code exhaustedStatus} answers a request the pool cannot serve (S-15);
 * {@code wrongMasterStatus} answers dec_keys naming the wrong master (S-21);
 * {@code refuseOptionalExtensions} makes unknown extension_optional entries a 400 (S-11).
 */
public record SimSettings(
    Mode mode,
    String kmeId,
    String peerKmeId,
    int keySizeBits,
    int maxKeyCount,
    int maxKeysPerRequest,
    int minKeySizeBits,
    int maxKeySizeBits,
    long rateBitsPerSecond,
    Duration keyTtl,
    int exhaustedStatus,
    int wrongMasterStatus,
    boolean refuseOptionalExtensions) {

  public static final int DEFAULT_KEY_SIZE = 256;
  public static final int DEFAULT_MAX_KEYS = 1000;
  public static final int DEFAULT_MAX_PER_REQUEST = 16;
  public static final long DEFAULT_RATE = 10_000;
  public static final long MAX_RATE = 100_000_000;

  public SimSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(kmeId, "kmeId");
    Objects.requireNonNull(peerKmeId, "peerKmeId");
    Objects.requireNonNull(keyTtl, "keyTtl");
    if (keySizeBits < 8 || keySizeBits % 8 != 0 || minKeySizeBits < 8 || minKeySizeBits % 8 != 0
        || maxKeySizeBits % 8 != 0 || minKeySizeBits > keySizeBits || keySizeBits > maxKeySizeBits
        || maxKeySizeBits > 65535 * 8) {
      throw new IllegalArgumentException("sizes must be multiples of 8 with min <= key <= max");
    }
    if (maxKeyCount < 1 || maxKeysPerRequest < 1 || rateBitsPerSecond < 0
        || rateBitsPerSecond > MAX_RATE || keyTtl.isNegative()) {
      throw new IllegalArgumentException("counts positive, rate in 0..100 Mbit/s, TTL >= 0");
    }
    if (exhaustedStatus != 503 && exhaustedStatus != 400) {
      throw new IllegalArgumentException("exhaustedStatus is 503 or 400");
    }
    if (wrongMasterStatus != 401 && wrongMasterStatus != 400) {
      throw new IllegalArgumentException("wrongMasterStatus is 401 or 400");
    }
  }

  /** Defaults: 256-bit keys, a pool of 1,000, 16 per request, sizes 64..1024, 10 kbit/s. */
  public static SimSettings defaults(Mode mode, String kmeId, String peerKmeId) {
    return new SimSettings(mode, kmeId, peerKmeId, DEFAULT_KEY_SIZE, DEFAULT_MAX_KEYS,
        DEFAULT_MAX_PER_REQUEST, 64, 1024, DEFAULT_RATE, Duration.ZERO, 503, 401, false);
  }

  public SimSettings withPool(int maxKeys, long rate) {
    return new SimSettings(mode, kmeId, peerKmeId, keySizeBits, maxKeys, maxKeysPerRequest,
        minKeySizeBits, maxKeySizeBits, rate, keyTtl, exhaustedStatus, wrongMasterStatus,
        refuseOptionalExtensions);
  }

  public SimSettings withKeyTtl(Duration ttl) {
    return new SimSettings(mode, kmeId, peerKmeId, keySizeBits, maxKeyCount, maxKeysPerRequest,
        minKeySizeBits, maxKeySizeBits, rateBitsPerSecond, ttl, exhaustedStatus,
        wrongMasterStatus, refuseOptionalExtensions);
  }

  public SimSettings withStatuses(int exhausted, int wrongMaster, boolean refuseOptional) {
    return new SimSettings(mode, kmeId, peerKmeId, keySizeBits, maxKeyCount, maxKeysPerRequest,
        minKeySizeBits, maxKeySizeBits, rateBitsPerSecond, keyTtl, exhausted, wrongMaster,
        refuseOptional);
  }

  /** Where keys come from. */
  public enum Mode {
    /** Two ends sharing a link secret, finite pools, single-use keys (docs/simulator.md). */
    LINK,
    /** The original uKMS derivation, Base64(SHA3-256(key_ID)): insecure, for uKMS interop. */
    UKMS
  }
}
