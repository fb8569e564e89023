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
 * Deadlines per HTTP connection that, unlike Jetty's idle timeout, a client cannot push back by
 * sending a byte now and then:
 *
 * <ul>
 *   <li>a new connection must deliver its first request head within {@code head};
 *   <li>once the head is in, the body must be complete within the body deadline (armed by
 *       {@link Dispatch}); none runs while a handler works;
 *   <li>after an answer the connection may stay idle for up to {@code keepAlive}; it is looked at
 *       every {@code head}, and once bytes of a next request have arrived, that head gets one more
 *       {@code head} to complete (at most twice {@code head} in all).
 * </ul>
 *
 * A connection whose deadline passes is closed. At most one entry per open connection.
 */
final class Deadlines implements Connection.Listener {
  private final Scheduler scheduler;
  private final Duration head;
  private final Duration keepAlive;
  private final Map<Connection, Deadline> armed = new ConcurrentHashMap<>();

  Deadlines(Scheduler scheduler, Duration head, Duration keepAlive) {
    this.scheduler = scheduler;
    this.head = head;
    this.keepAlive = keepAlive;
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
    schedule(new Close(connection), within);
  }

  /** After an answer: idle up to the keep-alive, then a head deadline once a request begins. */
  void armForNextRequest(Connection connection) {
    if (connection.getEndPoint().isOpen()) {
      schedule(new Idle(connection, connection.getBytesIn(), Duration.ZERO), head);
    }
  }

  void disarm(Connection connection) {
    Deadline d = armed.remove(connection);
    if (d != null) {
      d.task.cancel();
    }
  }

  private void schedule(Deadline deadline, Duration within) {
    deadline.task = scheduler.schedule(deadline, within.toMillis(), TimeUnit.MILLISECONDS);
    Deadline old = armed.put(deadline.connection, deadline);
    if (old != null) {
      old.task.cancel();
    }
  }

  /** Closes the socket itself, below any TLS layer: a client that is late gets no more time. */
  static void closeSocket(Connection connection) {
    EndPoint endPoint = connection.getEndPoint();
    while (endPoint instanceof EndPoint.Wrapper wrapper) {
      endPoint = wrapper.unwrap();
    }
    endPoint.close();
  }

  /** One scheduled look at one connection; acts only if it is still the connection's deadline. */
  private abstract class Deadline implements Runnable {
    final Connection connection;
    volatile Scheduler.Task task;

    Deadline(Connection connection) {
      this.connection = connection;
    }

    @Override
    public final void run() {
      if (armed.remove(connection, this)) {
        due();
      }
    }

    abstract void due();
  }

  /** The deadline has passed: close. */
  private final class Close extends Deadline {
    Close(Connection connection) {
      super(connection);
    }

    @Override
    void due() {
      closeSocket(connection);
    }
  }

  /** A look at an idle keep-alive connection: still silent, a next head begun, or idle too long. */
  private final class Idle extends Deadline {
    private final long bytesAtAnswer;
    private final Duration idleBefore;

    Idle(Connection connection, long bytesAtAnswer, Duration idleBefore) {
      super(connection);
      this.bytesAtAnswer = bytesAtAnswer;
      this.idleBefore = idleBefore;
    }

    @Override
    void due() {
      Duration idle = idleBefore.plus(head);
      if (connection.getBytesIn() != bytesAtAnswer) {
        arm(connection, head); // a head has begun: it gets one more head deadline
      } else if (idle.compareTo(keepAlive) < 0) {
        schedule(new Idle(connection, bytesAtAnswer, idle), head);
      } else {
        closeSocket(connection);
      }
    }
  }
}
