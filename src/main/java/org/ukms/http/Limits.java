package org.ukms.http;

import java.time.Duration;

/**
 * What one client may hold of a server. No thread waits for a client: requests are read by a few
 * I/O threads as bytes arrive, and these bounds end whatever a slow or silent client holds.
 *
 * @param headerDeadline a new connection must deliver a complete request head (request line and
 *     headers) within this long, TLS handshake included; on a kept-alive connection, a head must
 *     be complete within this long of its first byte arriving (noticed at most this late, so
 *     twice this in the worst case); otherwise the connection is closed
 * @param bodyDeadline the body must be complete within this long of the head
 * @param idleTimeout a kept-alive connection with no request closes after this long; keep it
 *     longer than the clients' keep-alive ({@link #CLIENT_KEEP_ALIVE} for ours), which reuse
 *     pooled connections without retrying; a read or write that makes no progress for this long
 *     ends the connection too
 * @param maxHeaderBytes request line plus headers; more is answered 431
 * @param connectionsPerSource open connections from one address; more are closed at once.
 *     Connections from this host's own address to itself are not counted (see SourceLimit)
 * @param connections open connections in all; beyond that the server stops accepting (new ones
 *     wait in the kernel's backlog) until one closes
 * @param ioThreads the fixed number of threads that accept, read, parse and write (one of them
 *     runs the selector)
 */
public record Limits(Duration headerDeadline, Duration bodyDeadline, Duration idleTimeout,
    int maxHeaderBytes, int connectionsPerSource, int connections, int ioThreads) {
  public static final Duration HEADER_DEADLINE = Duration.ofSeconds(5);
  public static final Duration BODY_DEADLINE = Duration.ofSeconds(5);
  /**
   * The pair that keeps clients off dead connections. A server closes a kept-alive connection
   * after {@link #IDLE_TIMEOUT} idle (noticed up to {@link #HEADER_DEADLINE} later); our clients
   * drop an idle pooled connection after {@link #CLIENT_KEEP_ALIVE}, well before, so they never
   * send a request on a connection the server is closing. (Our clients do not retry a request
   * that may have reached the server: enc_keys, /rotate and v2 offers are not idempotent.)
   * {@code LimitsTest} and the check below keep the order.
   */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
  /** How long our HTTP clients keep an idle pooled connection; see {@link #IDLE_TIMEOUT}. */
  public static final Duration CLIENT_KEEP_ALIVE = Duration.ofSeconds(20);
  public static final int MAX_HEADER_BYTES = 8 * 1024;
  public static final int CONNECTIONS_PER_SOURCE = 16;
  public static final int CONNECTIONS = 2048;
  public static final int IO_THREADS = 4;

  /** The bounds every ukms server uses. */
  public static final Limits DEFAULT = new Limits(HEADER_DEADLINE, BODY_DEADLINE, IDLE_TIMEOUT,
      MAX_HEADER_BYTES, CONNECTIONS_PER_SOURCE, CONNECTIONS, IO_THREADS);

  static {
    if (CLIENT_KEEP_ALIVE.plus(HEADER_DEADLINE).compareTo(IDLE_TIMEOUT) > 0) {
      throw new AssertionError("CLIENT_KEEP_ALIVE must end a head deadline before IDLE_TIMEOUT");
    }
  }

  public Limits {
    if (headerDeadline.isNegative() || headerDeadline.isZero() || bodyDeadline.isNegative()
        || bodyDeadline.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("deadlines must be positive");
    }
    if (maxHeaderBytes < 1024 || connectionsPerSource < 1 || connections < connectionsPerSource
        || ioThreads < 2) {
      throw new IllegalArgumentException("limits out of range: " + maxHeaderBytes + ", "
          + connectionsPerSource + ", " + connections + ", " + ioThreads);
    }
  }

  public Limits withConnectionsPerSource(int perSource) {
    return new Limits(headerDeadline, bodyDeadline, idleTimeout, maxHeaderBytes, perSource,
        connections, ioThreads);
  }

  public Limits withIdleTimeout(Duration idle) {
    return new Limits(headerDeadline, bodyDeadline, idle, maxHeaderBytes, connectionsPerSource,
        connections, ioThreads);
  }

  public Limits withDeadlines(Duration header, Duration body) {
    return new Limits(header, body, idleTimeout, maxHeaderBytes, connectionsPerSource,
        connections, ioThreads);
  }
}
