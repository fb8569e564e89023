package org.ukms.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;

/**
 * At most {@code max} open connections from one address: one more is closed as soon as it opens.
 * Counts sockets (the connection on the network end point, below any TLS), and forgets an address
 * when its last connection closes, so the map never holds more entries than open connections.
 */
final class SourceLimit implements Connection.Listener {
  private static final System.Logger logger = System.getLogger("org.ukms.http");
  private final int max;
  private final Map<InetAddress, Integer> open = new HashMap<>();

  SourceLimit(int max) {
    this.max = max;
  }

  @Override
  public void onOpened(Connection connection) {
    InetAddress source = source(connection);
    if (source == null) {
      return;
    }
    int count;
    synchronized (open) {
      count = open.merge(source, 1, Integer::sum);
    }
    if (count > max) {
      logger.log(System.Logger.Level.DEBUG, "from=" + source.getHostAddress()
          + " event=connection_refused reason=per_source_limit limit=" + max);
      connection.getEndPoint().close();
    }
  }

  @Override
  public void onClosed(Connection connection) {
    InetAddress source = source(connection);
    if (source != null) {
      synchronized (open) {
        open.computeIfPresent(source, (a, n) -> n == 1 ? null : n - 1);
      }
    }
  }

  /** Addresses with an open connection (tests). */
  int sources() {
    synchronized (open) {
      return open.size();
    }
  }

  /** The client address of a socket-level connection; null for a layer above (HTTP over TLS). */
  private static InetAddress source(Connection connection) {
    EndPoint endPoint = connection.getEndPoint();
    if (endPoint instanceof EndPoint.Wrapper) {
      return null;
    }
    SocketAddress remote = endPoint.getRemoteSocketAddress();
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }
}
