package org.ukms.sim;

/**
 * What the simulated ETSI 004 KM can grant in OPEN_CONNECT: key chunk sizes from
 * {@code minChunk} to {@code maxChunk} bytes, and a link rate of {@code linkBps} bits per second
 * (0: unlimited). A request outside them is status 7 with a counter-proposal inside them.
 */
public record Etsi004Limits(long minChunk, long maxChunk, long linkBps) {
  /** The largest key chunk the simulator serves. */
  public static final long MAX_CHUNK = 64 * 1024;
  /** Any chunk size from 1 byte to 64 KiB, no rate limit. */
  public static final Etsi004Limits DEFAULT = new Etsi004Limits(1, MAX_CHUNK, 0);

  public Etsi004Limits {
    if (minChunk < 1 || maxChunk < minChunk || maxChunk > MAX_CHUNK) {
      throw new IllegalArgumentException("key chunk range must lie in 1.." + MAX_CHUNK
          + " bytes with min <= max, found " + minChunk + ".." + maxChunk);
    }
    if (linkBps < 0 || linkBps > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("link rate out of range (0..4294967295 bits/s): "
          + linkBps);
    }
  }

  /** Parses {@code MIN..MAX} (bytes), e.g. {@code 32..1024}; IllegalArgumentException if not. */
  public static Etsi004Limits chunkRange(String text, long linkBps) {
    int dots = text.indexOf("..");
    try {
      return new Etsi004Limits(Long.parseLong(text.substring(0, dots)),
          Long.parseLong(text.substring(dots + 2)), linkBps);
    } catch (IndexOutOfBoundsException | NumberFormatException e) {
      throw new IllegalArgumentException("expected MIN..MAX in bytes, e.g. 32..1024, found "
          + text);
    }
  }
}
