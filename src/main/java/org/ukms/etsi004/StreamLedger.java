package org.ukms.etsi004;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an initiator keeps its key stream across restarts (E004-CL-03): the KSID and the first
 * index it has not reserved yet. {@link Etsi004KeySource} saves a reservation <em>before</em> it
 * uses an index below it, so after a crash it resumes past every index it may have used. The
 * daemon's implementation is a private file in {@code state_dir}; {@link #NONE} keeps nothing.
 */
public interface StreamLedger {
  /** A stream and the first index not yet reserved (at most 2^32). */
  record Entry(KeyStreamId ksid, long next) {
    public Entry {
      Objects.requireNonNull(ksid, "ksid");
      if (ksid.isNull() || next < 0 || next > 1L << 32) {
        throw new IllegalArgumentException("stream entry out of range");
      }
    }
  }

  /** The saved entry, empty if none; a damaged one is an IOException naming where it is. */
  Optional<Entry> load() throws IOException;

  /** Replaces the saved entry, durably, before the caller uses an index below {@code next}. */
  void save(Entry entry) throws IOException;

  /** Forgets the entry (the stream was CLOSEd). */
  void clear() throws IOException;

  /**
   * Claims the ledger for one key source until {@link #release()}, before its first
   * {@link #load()}: two sources never share one. A second claim, in this process or another,
   * is an IOException naming the file.
   */
  default void acquire() throws IOException {}

  /** Gives up the claim of {@link #acquire()} (the stream was CLOSEd or its position saved). */
  default void release() {}

  /** Keeps nothing: every start opens a new stream. */
  StreamLedger NONE = new StreamLedger() {
    @Override
    public Optional<Entry> load() {
      return Optional.empty();
    }

    @Override
    public void save(Entry entry) {}

    @Override
    public void clear() {}
  };
}
