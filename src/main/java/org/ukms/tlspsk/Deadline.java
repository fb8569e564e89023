package org.ukms.tlspsk;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one deadline of one connection at a time (handshake, request, idle wait, write): when it
 * passes, the socket is closed under the blocked reader or writer, which then fails; the
 * connection asks {@link #expired()} which phase ran out, for its log line. Re-arming replaces the
 * previous deadline, so a client that trickles bytes never gets more time.
 */
final class Deadline {
  private final ScheduledExecutorService timer;
  private final Closeable socket;
  private ScheduledFuture<?> pending;
  private long armed; // which arm() the pending task belongs to
  private String expired;

  Deadline(ScheduledExecutorService timer, Closeable socket) {
    this.timer = timer;
    this.socket = socket;
  }

  /** Closes the socket {@code after} from now unless re-armed or disarmed first. */
  synchronized void arm(String phase, Duration after) {
    disarm();
    long generation = ++armed;
    try {
      pending = timer.schedule(() -> expire(phase, generation), after.toNanos(),
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      expire(phase, generation); // the server is closing: no more time for anyone
    }
  }

  synchronized void disarm() {
    armed++;
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
  }

  /** The phase whose deadline passed and closed the socket, or null. */
  synchronized String expired() {
    return expired;
  }

  private void expire(String phase, long generation) {
    synchronized (this) {
      if (generation != armed || expired != null) {
        return; // disarmed or re-armed while this task was starting
      }
      expired = phase;
      pending = null;
    }
    try {
      socket.close();
    } catch (IOException e) {
      // closing to stop a late client; nothing more to do
    }
  }
}
