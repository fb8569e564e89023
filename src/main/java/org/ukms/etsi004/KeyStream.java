package org.ukms.etsi004;

import java.time.Instant;
import java.util.Objects;

/**
 * One open key stream as the client sees it: KSID, granted QoS, the index window and whether it
 * is closed. Indices only move forward (E004-GK-03): from the first index, each key consumed or
 * lost to an I/O error moves the window past it, the counter wraps at 2^32 - 1, and after 2^32
 * positions the stream is exhausted and must be reopened. Not thread-safe: the client locks it.
 */
public final class KeyStream {
  private static final long MASK = 0xFFFF_FFFFL;
  private static final long POSITIONS = 1L << 32;

  private final KeyStreamId ksid;
  private final Qos qos;
  private final Instant openedAt;
  private final boolean peerPending;
  private final long first;
  private long passed;
  private int metadataCapacity;
  private boolean closed;

  KeyStream(KeyStreamId ksid, Qos qos, Instant openedAt, boolean peerPending, long first,
      int metadataCapacity) {
    this.ksid = Objects.requireNonNull(ksid, "ksid");
    this.qos = Objects.requireNonNull(qos, "qos");
    this.openedAt = openedAt;
    this.peerPending = peerPending;
    Qos.checkUint32(first, "first index");
    this.first = first;
    this.metadataCapacity = metadataCapacity;
  }

  public KeyStreamId ksid() {
    return ksid;
  }

  /** The QoS the KM granted (for a KSID registered earlier, the QoS it assigned then). */
  public Qos qos() {
    return qos;
  }

  /** OPEN_CONNECT answered status 1: the peer application had not connected yet. */
  public boolean peerPending() {
    return peerPending;
  }

  /** The index the next {@code getKey(stream)} asks for; persist it to resume (E004-CL-03). */
  public synchronized long nextIndex() {
    return (first + passed) & MASK;
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  public synchronized int metadataCapacity() {
    return metadataCapacity;
  }

  /** The index this stream was opened at. */
  long firstIndex() {
    return first;
  }

  Instant openedAt() {
    return openedAt;
  }

  synchronized void metadataCapacity(int capacity) {
    metadataCapacity = capacity;
  }

  synchronized boolean exhausted() {
    return passed >= POSITIONS;
  }

  /** True when {@code index} has not been consumed or passed yet. */
  synchronized boolean ahead(long index) {
    return ((index - first) & MASK) >= passed && !exhausted();
  }

  /** Moves the window past {@code index}: it is never asked for again. */
  synchronized void pass(long index) {
    passed = Math.max(passed, ((index - first) & MASK) + 1);
  }

  synchronized boolean markClosed() {
    boolean was = closed;
    closed = true;
    return was;
  }

  @Override
  public String toString() {
    return "KeyStream[" + ksid + ", next index " + nextIndex() + (isClosed() ? ", closed" : "")
        + "]";
  }
}
