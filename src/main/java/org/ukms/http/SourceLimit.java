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
 *
 * <p>Connections this host makes to itself (the same address at both ends, as the daemon's own
 * workers calling its embedded fake KME on 127.0.0.1, or daemons sharing a host in tests) are not
 * counted: the limit keeps remote hosts from crowding each other out, and no remote host can
 * connect from our own address. Only the total limit bounds them.
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

  /**
   * The client address of a socket-level connection from another host; null for a layer above
   * (HTTP over TLS) or for a connection from this host's own address to itself.
   */
  private static InetAddress source(Connection connection) {
    EndPoint endPoint = connection.getEndPoint();
    if (endPoint instanceof EndPoint.Wrapper) {
      return null;
    }
    SocketAddress remote = endPoint.getRemoteSocketAddress();
    SocketAddress local = endPoint.getLocalSocketAddress();
    if (!(remote instanceof InetSocketAddress from) || !(local instanceof InetSocketAddress to)) {
      return null;
    }
    return from.getAddress().equals(to.getAddress()) ? null : from.getAddress();
  }
}
