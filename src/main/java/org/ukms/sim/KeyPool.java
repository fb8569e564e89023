package org.ukms.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The keys of one ordered pair (master SAE, slave SAE) at one end of a link, in slots of the
 * default key size. The link generates slots at the configured rate on a shared timeline (the
 * timeline starts at {@link #ORIGIN}), so both ends agree on which indices exist without talking:
 * at time t the newest slot is {@code g(t) = max_key_count + floor((t − ORIGIN) · rate /
 * key_size)}, and a pool holds the slots
 * in {@code (g(t) − max_key_count, g(t)]} that this end has not delivered. Not thread-safe.
 */
final class KeyPool {
  /** Where the shared timeline starts; 6-byte indices last centuries at 100 Mbit/s. */
  static final Instant ORIGIN = Instant.parse("2025-01-01T00:00:00Z");
  /** Clock difference tolerated between the two ends, as generation time. */
  static final Duration SKEW = Duration.ofSeconds(120);

  private final SimSettings settings;
  private final Instant started;
  private final Set<Long> fetched = new HashSet<>();
  private long next;

  /** {@code started}: when the store started; at rate 0 every slot dates from then. */
  KeyPool(SimSettings settings, Instant started, Instant now) {
    this.settings = settings;
    this.started = started;
    this.next = newest(now) - settings.maxKeyCount() + 1;
  }

  /** Slots deliverable by enc_keys now (S-03, S-24). */
  int stored(Instant now) {
    slide(now);
    return (int) Math.max(0, newest(now) - next + 1);
  }

  /** Takes {@code slots} consecutive slots for one key; returns the first index, or -1. */
  long take(Instant now, int slots) {
    if (stored(now) < slots) {
      return -1;
    }
    long first = next;
    next += slots;
    return first;
  }

  /** Whether this end may hand out slot {@code index} to the slave now (dec_keys side). */
  boolean fetchable(Instant now, long index) {
    return index >= 1 && index <= newest(now.plus(SKEW)) && !fetched.contains(index)
        && !expired(now, index);
  }

  void markFetched(long index) {
    fetched.add(index);
  }

  private void slide(Instant now) {
    next = Math.max(next, newest(now) - settings.maxKeyCount() + 1);
    while (next <= newest(now) && expired(now, next)) {
      next++;
    }
  }

  private boolean expired(Instant now, long index) {
    Duration ttl = settings.keyTtl();
    return !ttl.isZero() && generatedAt(index).plus(ttl).isBefore(now);
  }

  /** When slot {@code index} was generated: its place on the timeline, or our start at rate 0. */
  private Instant generatedAt(long index) {
    if (settings.rateBitsPerSecond() == 0) {
      return started;
    }
    double seconds = (double) (index - settings.maxKeyCount()) * settings.keySizeBits()
        / settings.rateBitsPerSecond();
    return ORIGIN.plusMillis((long) (seconds * 1000));
  }

  private long newest(Instant t) {
    double seconds = Math.max(0, t.toEpochMilli() - ORIGIN.toEpochMilli()) / 1000.0;
    double generated = seconds * settings.rateBitsPerSecond() / settings.keySizeBits();
    return settings.maxKeyCount() + (long) Math.floor(generated);
  }
}
