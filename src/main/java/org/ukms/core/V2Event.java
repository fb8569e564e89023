package org.ukms.core;

/**
 * Something the v2 core did that an operator or a test may want to see; the daemon logs them and
 * the network simulator checks its invariants on them. {@code transcript} is the exchange's public
 * transcript hash T, or null; {@code epoch} is the epoch the event concerns.
 */
public record V2Event(Kind kind, long epoch, Blob transcript, String detail) {

  public enum Kind {
    /** R answered an offer with its proof: it derived the keys of T. */
    PROVED_RESPONDER,
    /** I sent its confirmation: the point of no return for T. */
    PROVED_INITIATOR,
    /** The keys of T were installed (after the state was saved). */
    INSTALLED,
    /** The chain restarts from ck_0 (the peer lost its state, or the chains diverged). */
    CHAIN_RESET,
    /** The peer's answer showed another chain position; the next offer runs from a common one. */
    EPOCH_MISMATCH,
    /** An own exchange was dropped before its point of no return. */
    ABANDONED,
    /** A QKD key fetched for an exchange was thrown away unused. */
    KEY_DISCARDED,
    /** An exchange step failed; a retry follows. */
    FAILED,
    /** A responder's pending exchange was dropped unconfirmed. */
    PENDING_DROPPED,
    /** The state could not be saved: nothing advanced. */
    PERSIST_FAILED,
    /** No confirmed rotation for the PSK lifetime. */
    STALE
  }

  @Override
  public String toString() {
    return kind + "@" + epoch + (transcript == null ? "" : " T=" + transcript)
        + (detail.isEmpty() ? "" : " " + detail);
  }
}
