package org.ukms.tlspsk;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.bouncycastle.tls.TlsClientProtocol;

/**
 * One TLS-PSK connection of a {@link PskHttpClient}, after its handshake: GET requests one after
 * another (keep-alive), each answer read whole ({@code Content-Length}, or up to the close).
 */
final class PskClientConnection implements AutoCloseable {
  /** Largest answer head and body this client reads; SKIP answers are a few hundred bytes. */
  static final int MAX_HEAD = 16 * 1024;
  static final int MAX_BODY = 1024 * 1024;

  private final Socket socket;
  private final TlsClientProtocol tls;
  private final PskTlsClientPeer peer;
  private final String server;
  private final InputStream in;
  private final OutputStream out;

  PskClientConnection(Socket socket, TlsClientProtocol tls, PskTlsClientPeer peer, String server) {
    this.socket = socket;
    this.tls = tls;
    this.peer = peer;
    this.server = server;
    this.in = new BufferedInputStream(tls.getInputStream());
    this.out = tls.getOutputStream();
  }

  String negotiatedVersion() {
    return peer.negotiatedVersion();
  }

  String negotiatedSuite() {
    return peer.negotiatedSuite();
  }

  /** The TLS application streams, for tests that send raw bytes. */
  InputStream input() {
    return in;
  }

  OutputStream output() {
    return out;
  }

  /** Sends {@code GET target}, asking the server to close afterwards when {@code close}. */
  PskHttpReply get(String target, boolean close) throws PskHttpException {
    String request = "GET " + target + " HTTP/1.1\r\nHost: " + server + "\r\n"
        + "Accept: application/json\r\nConnection: " + (close ? "close" : "keep-alive")
        + "\r\n\r\n";
    try {
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return read();
    } catch (IOException e) {
      throw new PskHttpException("request to " + server + " failed: " + PskHttpClient.describe(e),
          null);
    }
  }

  /** Reads one answer (for tests that sent a raw request). */
  PskHttpReply read() throws IOException, PskHttpException {
    String statusLine = line();
    if (!statusLine.matches("HTTP/1\\.[01] [0-9]{3}( .*)?")) {
      throw malformed("status line");
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    String contentType = null;
    long length = -1;
    int headBytes = statusLine.length();
    for (String h = line(); !h.isEmpty(); h = line()) {
      headBytes += h.length() + 2;
      if (headBytes > MAX_HEAD) {
        throw malformed("head larger than " + MAX_HEAD + " bytes");
      }
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw malformed("header");
      }
      String name = h.substring(0, colon).toLowerCase(Locale.ROOT);
      String value = HttpSyntax.trimOws(h.substring(colon + 1));
      if (name.equals("content-type")) {
        contentType = value;
      } else if (name.equals("content-length")) {
        if (!value.matches("[0-9]{1,9}")) {
          throw malformed("Content-Length");
        }
        length = Long.parseLong(value);
      }
    }
    if (length > MAX_BODY) {
      throw malformed("body larger than " + MAX_BODY + " bytes");
    }
    return new PskHttpReply(status, contentType, length >= 0 ? in.readNBytes((int) length)
        : untilClose());
  }

  private byte[] untilClose() throws IOException, PskHttpException {
    byte[] body = in.readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      throw malformed("body larger than " + MAX_BODY + " bytes");
    }
    return body;
  }

  private PskHttpException malformed(String what) {
    return new PskHttpException("malformed answer from " + server + ": " + what, null);
  }

  private String line() throws IOException, PskHttpException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("connection closed by the server");
      }
      if (line.size() > MAX_HEAD) {
        throw malformed("head larger than " + MAX_HEAD + " bytes");
      }
      line.write(b);
    }
    String s = line.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public void close() {
    try {
      tls.close();
    } catch (IOException e) {
      // the server has gone already
    }
    try {
      socket.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
