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
 *
 * <p>{@link #INLINE} is no pool: the handler runs on the I/O thread that read the request, with
 * no hand-off. Only for handlers that never block (answers computed from memory in
 * microseconds); a handler that sleeps, waits or does I/O there stalls other connections.
 */
public record Workers(String name, int threads, int queue) {
  /** Run the handler on the I/O thread itself (see above). */
  public static final Workers INLINE = new Workers("inline", 0, 0);

  public Workers {
    Objects.requireNonNull(name, "name");
    if ((threads < 1 && !(threads == 0 && name.equals("inline"))) || queue < 0) {
      throw new IllegalArgumentException("threads >= 1 and queue >= 0, found " + threads + ", "
          + queue);
    }
  }

  /** Whether this is {@link #INLINE}: no pool, no hand-off. */
  public boolean inline() {
    return threads == 0;
  }
}
