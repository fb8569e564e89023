package org.ukms.qlink;

/** The link's own messages beside the BB84 ones. */
sealed interface Control {
  /**
   * The first frame each way: who this end is, how many key slots its stream holds, and a fresh
   * nonce that makes the session's keys (a recorded session cannot be replayed).
   */
  record Hello(String kmeId, String saeId, long slots, long nonceHigh, long nonceLow)
      implements Control {}

  /** Dialer to listener: how many keys of its own share the listener holds. */
  record LevelQuery() implements Control {}

  /** Listener to dialer: the answer to {@link LevelQuery}. */
  record Level(int stored) implements Control {}
}
