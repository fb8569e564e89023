package org.ukms.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * One absolute deadline per HTTP connection, unlike Jetty's idle timeout, which every byte
 * resets (a client sending one byte a second would never hit it). Armed for the request head when
 * the connection opens and after each answer, re-armed for the body once the head is in, and
 * disarmed while a handler runs; when it passes, the connection is closed. At most one entry per
 * open connection.
 */
final class Deadlines implements Connection.Listener {
  private final Scheduler scheduler;
  private final Duration head;
  private final Map<Connection, Deadline> armed = new ConcurrentHashMap<>();

  Deadlines(Scheduler scheduler, Duration head) {
    this.scheduler = scheduler;
    this.head = head;
  }

  @Override
  public void onOpened(Connection connection) {
    if (connection instanceof ConnectionMetaData) { // the HTTP connection, not the TLS one below
      arm(connection, head);
    }
  }

  @Override
  public void onClosed(Connection connection) {
    disarm(connection);
  }

  /** Closes {@code connection} after {@code within}, unless re-armed or disarmed before. */
  void arm(Connection connection, Duration within) {
    Deadline next = new Deadline(connection);
    next.task = scheduler.schedule(next, within.toMillis(), TimeUnit.MILLISECONDS);
    Deadline old = armed.put(connection, next);
    if (old != null) {
      old.task.cancel();
    }
  }

  /** The head deadline for the connection's next request. */
  void armForNextRequest(Connection connection) {
    if (connection.getEndPoint().isOpen()) {
      arm(connection, head);
    }
  }

  void disarm(Connection connection) {
    Deadline d = armed.remove(connection);
    if (d != null) {
      d.task.cancel();
    }
  }

  /** Connections with a deadline running (tests). */
  int size() {
    return armed.size();
  }

  /** Closes the socket itself, below any TLS layer: a client that is late gets no more time. */
  static void closeSocket(Connection connection) {
    EndPoint endPoint = connection.getEndPoint();
    while (endPoint instanceof EndPoint.Wrapper wrapper) {
      endPoint = wrapper.unwrap();
    }
    endPoint.close();
  }

  private final class Deadline implements Runnable {
    private final Connection connection;
    private volatile Scheduler.Task task;

    Deadline(Connection connection) {
      this.connection = connection;
    }

    @Override
    public void run() {
      if (armed.remove(connection, this)) {
        closeSocket(connection);
      }
    }
  }
}
