package org.ukms.qlink;

/** The link's own messages beside the BB84 ones. */
sealed interface Control {
  /**
   * The first frame each way: who this end is, and a fresh nonce that makes the session's keys (a
   * recorded session cannot be replayed).
   */
  record Hello(String kmeId, String saeId, long nonceHigh, long nonceLow) implements Control {}

  /**
   * The second frame each way, the first under the session's keys: proof that the sender holds
   * the link secret and saw this session's nonces. Only after the peer's Ready does a session
   * replace an older one, so a replayed hello cannot cut a working link.
   */
  record Ready() implements Control {}

  /**
   * The third frame each way: the full slots this end's stream holds and whether a partly filled
   * one is pending; both ends align on them ({@link KeyStream#align}).
   */
  record Slots(long full, boolean partial) implements Control {}

  /** Dialer to listener: how many keys of its own share the listener holds. */
  record LevelQuery() implements Control {}

  /** Listener to dialer: the answer to {@link LevelQuery}. */
  record Level(int stored) implements Control {}
}
