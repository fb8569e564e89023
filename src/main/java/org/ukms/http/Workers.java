package org.ukms.http;

import java.util.Objects;

/**
 * A bounded pool for the handlers of one or more routes: at most {@code threads} run at once
 * (threads start on demand and end after 30 s idle), up to {@code queue} more wait, and beyond
 * that the server answers 503 at once. Routes that name the same pool share it.
 *
 * <p>Give a handler that calls another route of the same server (a peer request calling the
 * embedded fake KME) a different pool from that route: then a full pool waits only on another
 * pool that never waits back, and cannot deadlock.
 */
public record Workers(String name, int threads, int queue) {
  public Workers {
    Objects.requireNonNull(name, "name");
    if (threads < 1 || queue < 0) {
      throw new IllegalArgumentException("threads >= 1 and queue >= 0, found " + threads + ", "
          + queue);
    }
  }
}
