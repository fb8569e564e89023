package org.ukms.etsi004;

import java.time.Instant;
import java.util.BitSet;
import java.util.Objects;

/**
 * One open key stream as the client sees it: KSID, granted QoS, the index window and whether it
 * is closed. No index is asked twice (E004-GK-03): from the first index, each key consumed or
 * lost to an I/O error is marked, the counter wraps at 2^32 - 1, and after 2^32 positions the
 * stream is exhausted and must be reopened. The {@link #WINDOW} indices below the highest one
 * used are tracked one by one, so the peer's side accepts indices that arrive out of order (two
 * concurrent exchanges) once each; an index below that window is refused. The initiator's side
 * only moves forward ({@link #nextIndex()}).
 */
public final class KeyStream {
  /** How many indices below the highest one used may still be asked, once each. */
  public static final int WINDOW = 1024;
  private static final long MASK = 0xFFFF_FFFFL;
  private static final long POSITIONS = 1L << 32;

  private final KeyStreamId ksid;
  private final Qos qos;
  private final Instant openedAt;
  private final boolean peerPending;
  private final long first;
  /** One past the highest position (index - first) used. */
  private long passed;
  /** Of positions {@code passed - WINDOW .. passed - 1}, those used, at position % WINDOW. */
  private final BitSet used = new BitSet(WINDOW);
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

  /**
   * True when {@code index} has not been used yet: above every index used, or within the
   * {@link #WINDOW} below the highest one and not used.
   */
  synchronized boolean ahead(long index) {
    long position = (index - first) & MASK;
    if (exhausted()) {
      return false;
    }
    if (position >= passed) {
      return true;
    }
    return passed - position <= WINDOW && !used.get((int) (position % WINDOW));
  }

  /** Marks {@code index} used: it is never asked for again. */
  synchronized void pass(long index) {
    long position = (index - first) & MASK;
    if (passed - position > WINDOW) {
      return; // below the window: refused by ahead(), never asked
    }
    if (position >= passed) {
      // positions passed .. position - 1 enter the window unused; what they replace leaves it
      long from = Math.max(passed, position + 1 - WINDOW);
      for (long p = from; p < position; p++) {
        used.clear((int) (p % WINDOW));
      }
      passed = position + 1;
    }
    used.set((int) (position % WINDOW));
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
