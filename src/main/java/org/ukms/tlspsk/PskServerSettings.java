package org.ukms.tlspsk;

import java.time.Duration;
import java.util.Objects;
import org.ukms.http.Limits;

/**
 * How a {@link PskHttpServer} bounds its clients, and whether it offers plain TLS 1.2 PSK.
 *
 * @param allowPlainPsk also offer {@code TLS_PSK_WITH_AES_256_GCM_SHA384} (0x00A9), which has no
 *     forward secrecy; off by default (skip.md §9)
 * @param handshakeDeadline the TLS handshake must finish within this long of the connection
 * @param requestDeadline a request head must be complete within this long: of the handshake for
 *     the first request, of its first byte for later ones; an answer must also be written within
 *     this long. A client that trickles bytes (slow loris) gets no more time
 * @param idleTimeout a kept-alive connection waits this long for the first byte of a next request
 * @param maxHeadBytes request line plus headers; more is answered 431
 * @param maxConnections open connections in all; a new one beyond that is closed at once. Each
 *     open connection holds one thread (blocking TLS), so this also bounds the threads
 */
public record PskServerSettings(boolean allowPlainPsk, Duration handshakeDeadline,
    Duration requestDeadline, Duration idleTimeout, int maxHeadBytes, int maxConnections) {
  /**
   * Default open connections. Far below {@link Limits#CONNECTIONS} (non-blocking servers): an
   * encryptor or two per provider, each with a connection per exchange, and a thread each.
   */
  public static final int MAX_CONNECTIONS = 64;

  /** The deadlines of the other ukms servers ({@link Limits}), plain PSK off. */
  public static final PskServerSettings DEFAULT = new PskServerSettings(false,
      Limits.HEADER_DEADLINE, Limits.HEADER_DEADLINE, Limits.IDLE_TIMEOUT,
      Limits.MAX_HEADER_BYTES, MAX_CONNECTIONS);

  public PskServerSettings {
    Objects.requireNonNull(handshakeDeadline, "handshakeDeadline");
    Objects.requireNonNull(requestDeadline, "requestDeadline");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    for (Duration d : new Duration[] {handshakeDeadline, requestDeadline, idleTimeout}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("deadlines must be positive, found " + d);
      }
    }
    if (maxHeadBytes < 256 || maxConnections < 1) {
      throw new IllegalArgumentException("limits out of range: " + maxHeadBytes + ", "
          + maxConnections);
    }
  }

  public PskServerSettings withPlainPsk(boolean allow) {
    return new PskServerSettings(allow, handshakeDeadline, requestDeadline, idleTimeout,
        maxHeadBytes, maxConnections);
  }

  public PskServerSettings withDeadlines(Duration handshake, Duration request, Duration idle) {
    return new PskServerSettings(allowPlainPsk, handshake, request, idle, maxHeadBytes,
        maxConnections);
  }

  public PskServerSettings withMaxConnections(int connections) {
    return new PskServerSettings(allowPlainPsk, handshakeDeadline, requestDeadline, idleTimeout,
        maxHeadBytes, connections);
  }
}
