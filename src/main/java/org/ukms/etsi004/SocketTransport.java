package org.ukms.etsi004;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The binary binding over one TCP connection, with mutual TLS (E004-TLS-01: the caller's
 * {@link SSLContext} holds our certificate and the trusted CA; the KM's certificate must name
 * {@code host}, checked as HTTPS clients do) or plain for loopback tests. One connection per
 * exchange, as the reference client does: its example server closes the connection after each
 * answer, and a kept connection could not tell "closed while idle" from "closed after spending a
 * key". The read timeout is longer than the QoS timeout, because OPEN_CONNECT may block until the
 * peer connects (E004-TLS-02). Thread-safe: each exchange has its own socket.
 */
public final class SocketTransport implements Etsi004Transport {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Added to the QoS timeout to get the socket read timeout. */
  static final Duration READ_MARGIN = Duration.ofSeconds(5);
  /** The read timeout when the QoS leaves the timeout to the KM (0). */
  static final Duration DEFAULT_READ = Duration.ofSeconds(60);

  private final SSLSocketFactory tls;
  private final String host;
  private final int port;
  private final Duration readTimeout;

  private SocketTransport(SSLSocketFactory tls, String host, int port, Duration readTimeout) {
    this.tls = tls;
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.readTimeout = readTimeout;
  }

  /** Mutual TLS to {@code host:port}, hostname verification on. */
  public static SocketTransport tls(SSLContext context, String host, int port, Qos qos) {
    return new SocketTransport(context.getSocketFactory(), host, port, readTimeout(qos));
  }

  /** Plain TCP: for tests and a loopback KM only. */
  public static SocketTransport plain(String host, int port, Qos qos) {
    return new SocketTransport(null, host, port, readTimeout(qos));
  }

  /** QoS timeout + {@link #READ_MARGIN}, or {@link #DEFAULT_READ} when the QoS says 0. */
  static Duration readTimeout(Qos qos) {
    if (qos.timeoutMs() == 0) {
      return DEFAULT_READ;
    }
    return Duration.ofMillis(qos.timeoutMs()).plus(READ_MARGIN);
  }

  Duration readTimeout() {
    return readTimeout;
  }

  @Override
  public byte[] exchange(byte[] request) throws IOException {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      return FrameIo.read(socket.getInputStream());
    }
  }

  private Socket connect() throws IOException {
    Socket raw = new Socket();
    try {
      raw.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
      raw.setSoTimeout((int) readTimeout.toMillis());
      raw.setTcpNoDelay(true);
      if (tls == null) {
        return raw;
      }
      SSLSocket s = (SSLSocket) tls.createSocket(raw, host, port, true);
      SSLParameters params = s.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
      s.setSSLParameters(params);
      s.startHandshake();
      return s;
    } catch (IOException e) {
      raw.close();
      throw e;
    }
  }
}
