package org.ukms.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.ukms.etsi004.Status;

/**
 * Statuses forced on the next calls of the simulated ETSI 004 KM: {@code force(Call.GET_KEY,
 * Status.GK_INSUFFICIENT_KEY, 2)} answers the next two GET_KEYs with status 2. A forced status 7
 * offers {@link #counterChunkSize()} bytes per key; a forced status 8 asks for a metadata buffer
 * of {@link #neededMetadata()} bytes. Besides the queue, {@link #failRatio} answers a random
 * share of OPEN_CONNECT and GET_KEY calls with one status (as the 014 simulator's
 * {@code --fail-ratio} answers 503). Thread-safe.
 */
public final class Etsi004Faults {
  /** The three calls of ETSI 004. */
  public enum Call { OPEN_CONNECT, GET_KEY, CLOSE }

  private final Map<Call, Deque<Status>> forced = new EnumMap<>(Call.class);
  private long counterChunkSize = 32;
  private int neededMetadata = 64;
  private double failRatio;
  private Status failStatus = Status.NO_QKD_CONNECTION;
  private RandomGenerator random;

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

  /**
   * Answers a random {@code ratio} (0..1) of OPEN_CONNECT and GET_KEY calls with {@code status}
   * (statuses 7 and 8 behave as when forced).
   */
  public synchronized Etsi004Faults failRatio(double ratio, Status status,
      RandomGenerator random) {
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException("fail ratio must be between 0 and 1, found " + ratio);
    }
    if (status.isSuccess()) {
      throw new IllegalArgumentException("a failure status cannot be 0");
    }
    this.failRatio = ratio;
    this.failStatus = status;
    this.random = java.util.Objects.requireNonNull(random, "random");
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
    Status queued = queue == null ? null : queue.poll();
    if (queued != null) {
      return Optional.of(queued);
    }
    if (failRatio > 0 && call != Call.CLOSE && random.nextDouble() < failRatio) {
      return Optional.of(failStatus);
    }
    return Optional.empty();
  }
}
