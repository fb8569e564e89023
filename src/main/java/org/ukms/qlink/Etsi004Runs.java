package org.ukms.qlink;

import java.util.TreeMap;

/**
 * The ETSI 004 runs of one end's slots in a {@link KeyStream}: each run is {@code [first, end)},
 * every second slot (the end's own share). Not thread-safe: the stream uses it under its lock.
 */
final class Etsi004Runs {
  private final TreeMap<Long, Long> runs = new TreeMap<>();
  private long reservedUpTo;

  /** Reserves {@code count} own slots from {@code firstOwnFrom} (or past the last run). */
  long reserve(long firstOwnFrom, long count) {
    long s = Math.max(firstOwnFrom, reservedUpTo);
    reservedUpTo = s + 2 * count;
    runs.put(s, reservedUpTo);
    return s;
  }

  /** Where the last reservation ends (the next one starts at or past it). */
  long reservedUpTo() {
    return reservedUpTo;
  }

  boolean startsRun(long first) {
    return runs.containsKey(first);
  }

  void remove(long first) {
    runs.remove(first);
  }

  /** Reserved slots not received yet, given the first own slot still to come. */
  long missing(long firstOwnToCome) {
    long missing = 0;
    for (var r : runs.entrySet()) {
      long from = Math.max(r.getKey(), firstOwnToCome);
      missing += Math.max(0, (r.getValue() - from) / 2);
    }
    return missing;
  }

  /** Forgets the runs that end at or before {@code slot} (ETSI 014 has moved past them). */
  void forgetEndedBy(long slot) {
    runs.headMap(slot).entrySet().removeIf(r -> r.getValue() <= slot);
  }

  /** {@code s}, or the end of the run it falls in. */
  long pastRuns(long s) {
    var r = runs.floorEntry(s);
    return r != null && s < r.getValue() ? r.getValue() : s;
  }
}
