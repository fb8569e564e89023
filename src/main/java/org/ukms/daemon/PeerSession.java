package org.ukms.daemon;

/**
 * One peer's rotation, whatever its protocol: started once, closed once, and asked for an
 * immutable {@link PeerStatus} at any time from any thread. {@link Daemon} keeps every session in
 * one map; {@link PeerSessions} builds them.
 */
interface PeerSession {
  /** The peer's ID (its table name in the configuration). */
  String id();

  /** Arms the first round; called once, after the peer API listens. */
  void start();

  /**
   * Schedules nothing more, refuses the peer's requests (transiently: it retries) and releases
   * the outputs; a running round ends on its own. Idempotent.
   */
  void close();

  /**
   * After {@link #close()}: waits up to {@code timeout} until no round or request of this session
   * runs any more, so nothing it does can overtake a successor's start; true when idle.
   */
  boolean awaitIdle(java.time.Duration timeout) throws InterruptedException;

  /** A snapshot of this session, safe to call concurrently with rounds. */
  PeerStatus status();
}
