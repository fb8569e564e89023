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

  /** Schedules nothing more and lets a running round end; idempotent. */
  void close();

  /** A snapshot of this session, safe to call concurrently with rounds. */
  PeerStatus status();
}
