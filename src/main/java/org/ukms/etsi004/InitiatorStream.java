package org.ukms.etsi004;

import java.io.IOException;
import java.util.Optional;

/**
 * The initiator's own key stream of an {@link Etsi004KeySource}: which stream it opens, which
 * index it takes next, and what it saves so that no index is used twice, even across a crash
 * (E004-GK-03, E004-CL-03).
 *
 * <ul>
 *   <li>Before an index is used, the {@link StreamLedger} holds a reservation past it
 *       ({@link #RESERVE} indices at a time, so most keys cost no write); a restart resumes at
 *       the reservation, skipping at most that many unused indices.
 *   <li>At the first open, a saved stream is reopened (OPEN_CONNECT with its KSID) and
 *       continued. If the KM refuses it (the stream is gone: closed, expired, unknown), a new
 *       stream is opened and the reason logged; a damaged ledger is logged the same way. A KM
 *       that cannot be reached is a transient failure and the resume is tried again.
 *   <li>With a KSID fixed in config (use case 3), both ends take keys from the same stream, so
 *       their own indices are disjoint: the end whose source URI sorts first takes even indices,
 *       the other odd ones. A damaged ledger is then fatal: which indices were used is unknown.
 *   <li>The ledger is claimed ({@link StreamLedger#acquire()}) before it is first read and
 *       released at {@link #close()}, so two key sources never take indices from one ledger (a
 *       reloaded peer's new session while the old one still closes, or two daemons on one
 *       {@code state_dir}); the second fails, transiently, naming the file.
 *   <li>After {@link #close()} nothing reopens a stream or writes the ledger.
 * </ul>
 *
 * Not thread-safe: the key source locks it.
 */
final class InitiatorStream {
  /** Indices reserved by one ledger write. */
  static final int RESERVE = 16;
  private static final long LIMIT = 1L << 32;
  private static final System.Logger logger = System.getLogger(InitiatorStream.class.getName());

  private final Etsi004Client client;
  private final String self;
  private final String peer;
  private final Qos qos;
  private final KeyStreamId fixed;
  private final StreamLedger ledger;
  private final int step;
  private final long parity;
  private KeyStream stream;
  private boolean loaded;
  private boolean acquired;
  private boolean closed;
  /** The first index not reserved in the ledger for the current (or fixed) stream. */
  private long reserved;

  InitiatorStream(Etsi004Client client, String self, String peer, Qos qos, KeyStreamId fixed,
      StreamLedger ledger) {
    this.client = client;
    this.self = self;
    this.peer = peer;
    this.qos = qos;
    this.fixed = fixed;
    this.ledger = ledger;
    this.step = fixed.isNull() ? 1 : 2;
    this.parity = fixed.isNull() || self.compareTo(peer) < 0 ? 0 : 1;
  }

  /** The next key of our own stream, its index reserved in the ledger first. */
  DeliveredKey next() throws Etsi004Exception {
    if (closed) {
      throw new Etsi004Exception("key stream of " + self + " -> " + peer + " closed", null, false,
          null);
    }
    if (stream == null || stream.isClosed()) {
      open();
    }
    long index = align(stream.nextIndex());
    if (index >= LIMIT || stream.nextIndex() < stream.firstIndex()) {
      drop();
      throw new Etsi004Exception("key stream " + (fixed.isNull() ? "used up; a new one opens "
          + "next time" : fixed + " (fixed in config) used up: configure a new ksid"), null,
          fixed.isNull(), null);
    }
    reserveThrough(index);
    try {
      return client.getKey(stream, index);
    } catch (Etsi004Exception e) {
      if (!e.isTransient() && e.status().isPresent()) {
        drop(); // the KM refuses this stream (closed, expired, unknown): reopen next round
      }
      throw e;
    }
  }

  private void open() throws Etsi004Exception {
    if (!acquired) {
      try {
        ledger.acquire();
      } catch (IOException e) {
        throw new Etsi004Exception(e.getMessage(), null, true, e);
      }
      acquired = true;
    }
    Optional<StreamLedger.Entry> saved = Optional.empty();
    if (!loaded) {
      try {
        saved = ledger.load();
      } catch (IOException e) {
        if (!fixed.isNull()) {
          throw new Etsi004Exception("cannot tell which indices of key stream " + fixed
              + " (fixed in config) were used: " + e.getMessage() + "; restore the file or "
              + "configure a new ksid", null, false, e);
        }
        logger.log(System.Logger.Level.WARNING, "ETSI 004 " + self + " -> " + peer
            + ": key stream state unusable: " + e.getMessage() + "; opening a new stream");
      }
      loaded = true;
    }
    if (!fixed.isNull()) {
      long first = saved.filter(s -> s.ksid().equals(fixed)).map(StreamLedger.Entry::next)
          .orElse(reserved);
      if (align(first) >= LIMIT) {
        throw new Etsi004Exception("key stream " + fixed + " (fixed in config) used up: "
            + "configure a new ksid", null, false, null);
      }
      stream = client.open(self, peer, qos, fixed, align(first));
      reserved = Math.max(reserved, first);
      return;
    }
    if (saved.isPresent() && saved.get().next() < LIMIT) { // else used up: a new one
      StreamLedger.Entry entry = saved.get();
      try {
        stream = client.open(self, peer, qos, entry.ksid(), entry.next());
        reserved = entry.next();
        logger.log(System.Logger.Level.INFO, "ETSI 004 " + self + " -> " + peer
            + ": resumed key stream " + entry.ksid() + " at index " + entry.next());
        return;
      } catch (Etsi004Exception e) {
        if (e.isTransient()) {
          loaded = false; // the KM may still have it: try the resume again
          throw e;
        }
        logger.log(System.Logger.Level.WARNING, "ETSI 004 " + self + " -> " + peer
            + ": key stream " + entry.ksid() + " not resumed (" + e.getMessage()
            + "); opening a new stream");
      }
    }
    stream = client.open(self, peer, qos, KeyStreamId.NULL);
    reserved = stream.nextIndex();
  }

  /** Saves a reservation past {@code index} unless one is in place. */
  private void reserveThrough(long index) throws Etsi004Exception {
    if (index < reserved) {
      return;
    }
    long next = Math.min(index + (long) RESERVE * step, LIMIT);
    try {
      ledger.save(new StreamLedger.Entry(stream.ksid(), next));
    } catch (IOException e) {
      throw new Etsi004Exception("key stream " + stream.ksid() + ": index " + index
          + " not used, its reservation was not saved: " + e.getMessage(), null, true, e);
    }
    reserved = next;
  }

  private long align(long index) {
    return (index & 1) == parity || step == 1 ? index : index + 1;
  }

  private void drop() {
    if (stream != null) {
      closeQuietly();
      stream = null;
    }
  }

  /** CLOSE; a stream of our own making is forgotten, a fixed one's position is kept. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    drop();
    if (fixed.isNull() && acquired) {
      try {
        ledger.clear();
      } catch (IOException e) {
        logger.log(System.Logger.Level.WARNING, "ETSI 004 " + self + " -> " + peer
            + ": cannot remove the key stream state: " + e.getMessage());
      }
    }
    if (acquired) {
      ledger.release();
    }
  }

  private void closeQuietly() {
    try {
      client.close(stream);
    } catch (Etsi004Exception | Etsi004ProtocolException e) {
      logger.log(System.Logger.Level.WARNING, "CLOSE {0}: {1}", stream.ksid(), e.getMessage());
    }
  }
}
