package org.ukms.tlspsk;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.ukms.crypto.Secret;

/**
 * A client for a TLS-PSK HTTP server such as a SKIP Key Provider: one GET per connection, TLS 1.3
 * with an external PSK or TLS 1.2 DHE-PSK (docs/skip-tls.md). Errors are one line naming the
 * server and, for a failed handshake, the alert: {@code handshake with 127.0.0.1:8443 failed:
 * unknown_psk_identity}. The PSK stays in its {@link Secret}, owned by the caller.
 */
public final class PskHttpClient {
  /** Connect, handshake and each read must make progress within this long by default. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String host;
  private final int port;
  private final String identity;
  private final Secret psk;
  private final ProtocolVersion[] versions;
  private final int[] suites;
  private final Duration timeout;
  private final TlsCrypto crypto = new BcTlsCrypto(new SecureRandom());

  PskHttpClient(String host, int port, String identity, Secret psk, ProtocolVersion[] versions,
      int[] suites, Duration timeout) {
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.identity = Objects.requireNonNull(identity, "identity");
    this.psk = Objects.requireNonNull(psk, "psk");
    this.versions = versions.clone();
    this.suites = suites.clone();
    this.timeout = timeout;
  }

  /** A client of {@code host:port} that authenticates as {@code identity} with {@code psk}. */
  public static PskHttpClient of(String host, int port, String identity, Secret psk,
      TlsVersion version) {
    return new PskHttpClient(host, port, identity, psk, version.protocolVersions(),
        version.suites(), TIMEOUT);
  }

  /** {@code GET target} on a new connection with {@code Connection: close}; any status. */
  public PskHttpReply get(String target) throws PskHttpException {
    try (PskClientConnection connection = connect()) {
      return connection.get(target, true);
    }
  }

  /** A new connection, its handshake done. */
  PskClientConnection connect() throws PskHttpException {
    String server = server();
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      socket.setTcpNoDelay(true);
    } catch (IOException e) {
      close(socket);
      throw new PskHttpException("cannot connect to " + server + ": " + describe(e), null);
    }
    PskTlsClientPeer peer = new PskTlsClientPeer(crypto, identity, psk, versions, suites);
    try {
      TlsClientProtocol tls = new TlsClientProtocol(socket.getInputStream(),
          socket.getOutputStream());
      tls.connect(peer);
      peer.wipe();
      return new PskClientConnection(socket, tls, peer, server);
    } catch (IOException | RuntimeException e) {
      peer.wipe();
      close(socket);
      String alert = peer.alert();
      String why = alert == null ? describe(e)
          : alert + (peer.raisedHere() ? " (raised by this client)" : "");
      throw new PskHttpException("handshake with " + server + " failed: " + why, alert);
    }
  }

  private String server() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** An I/O failure as a few words, without stack or secrets. */
  static String describe(Exception e) {
    if (e instanceof EOFException) {
      return "connection closed by the server";
    }
    if (e instanceof SocketTimeoutException) {
      return "timed out";
    }
    if (e instanceof UnknownHostException) {
      return "unknown host";
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
