package org.ukms.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.ukms.etsi004.Status;

/**
 * Statuses forced on the next calls of the simulated ETSI 004 KM: {@code force(Call.GET_KEY,
 * Status.GK_INSUFFICIENT_KEY, 2)} answers the next two GET_KEYs with status 2. A forced status 7
 * offers {@link #counterChunkSize()} bytes per key; a forced status 8 asks for a metadata buffer
 * of {@link #neededMetadata()} bytes. Thread-safe.
 */
public final class Etsi004Faults {
  /** The three calls of ETSI 004. */
  public enum Call { OPEN_CONNECT, GET_KEY, CLOSE }

  private final Map<Call, Deque<Status>> forced = new EnumMap<>(Call.class);
  private long counterChunkSize = 32;
  private int neededMetadata = 64;

  public synchronized Etsi004Faults force(Call call, Status status, int times) {
    if (times < 0 || times > 1_000_000) {
      throw new IllegalArgumentException("times out of range: " + times);
    }
    Deque<Status> queue = forced.computeIfAbsent(call, c -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.add(status);
    }
    return this;
  }

  public synchronized Etsi004Faults counterChunkSize(long bytes) {
    counterChunkSize = bytes;
    return this;
  }

  public synchronized Etsi004Faults neededMetadata(int bytes) {
    neededMetadata = bytes;
    return this;
  }

  synchronized long counterChunkSize() {
    return counterChunkSize;
  }

  synchronized int neededMetadata() {
    return neededMetadata;
  }

  /** The status forced on this call, consuming it, if any. */
  synchronized Optional<Status> next(Call call) {
    Deque<Status> queue = forced.get(call);
    return queue == null ? Optional.empty() : Optional.ofNullable(queue.poll());
  }
}
