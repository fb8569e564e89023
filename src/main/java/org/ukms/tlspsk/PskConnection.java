package org.ukms.tlspsk;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.ukms.crypto.Secret;

/**
 * One accepted connection, on its own pool thread from start to end: the TLS-PSK handshake, then
 * requests one after another (keep-alive) until the client closes, asks to close, sends something
 * this server refuses, or runs out of time. Each phase has a {@link Deadline}: handshake, request
 * head, idle wait between requests, and writing the answer; the handler itself runs without one
 * (it bounds its own calls). Logs one line per connection and one per request: identity, version
 * and suite, method, path and status; never a PSK, a body or a header value.
 */
final class PskConnection implements Runnable {
  private static final System.Logger logger = System.getLogger("org.ukms.tlspsk");
  /** How long a failed handshake waits for the client to read the alert and close. */
  private static final Duration LINGER = Duration.ofSeconds(1);
  private static final int MAX_LINGER_BYTES = 64 * 1024;
  /** Longest request path shown in a log line. */
  private static final int MAX_PATH_SHOWN = 200;

  private final Socket socket;
  private final Deadline deadline;
  private final TlsCrypto crypto;
  private final Map<String, Secret> keys;
  private final PskHttpHandler handler;
  private final PskServerSettings settings;
  private final String remote;

  PskConnection(Socket socket, Deadline deadline, TlsCrypto crypto, Map<String, Secret> keys,
      PskHttpHandler handler, PskServerSettings settings) {
    this.socket = socket;
    this.deadline = deadline;
    this.crypto = crypto;
    this.keys = keys;
    this.handler = handler;
    this.settings = settings;
    this.remote = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
  }

  @Override
  public void run() {
    try {
      deadline.arm("handshake", settings.handshakeDeadline());
      TlsServerProtocol tls = new TlsServerProtocol(new KeepOpenInput(socket),
          new HalfCloseOutput(socket));
      PskTlsServerPeer peer = new PskTlsServerPeer(crypto, keys, settings.allowPlainPsk());
      if (!handshake(tls, peer)) {
        return;
      }
      peer.wipe();
      String identity = peer.identity();
      logger.log(Level.INFO, "skip-tls connection remote={0} identity={1} {2}", remote, identity,
          peer.negotiated());
      try {
        serve(tls, identity);
      } catch (IOException e) {
        String expired = deadline.expired();
        logger.log(expired == null ? Level.DEBUG : Level.INFO,
            "skip-tls connection remote={0} identity={1} dropped: {2}", remote, identity,
            expired == null ? "connection lost (" + e.getClass().getSimpleName() + ")"
                : expired + " deadline passed");
      }
      close(tls);
    } catch (IOException e) {
      logger.log(Level.DEBUG, "skip-tls connection remote={0} failed: {1}", remote,
          e.getClass().getSimpleName());
    } finally {
      deadline.disarm();
      closeQuietly();
    }
  }

  private boolean handshake(TlsServerProtocol tls, PskTlsServerPeer peer) {
    try {
      tls.accept(peer);
      return true;
    } catch (IOException | RuntimeException e) {
      peer.wipe();
      String why = deadline.expired() != null ? "handshake deadline passed"
          : peer.alert() != null ? peer.alert() : "connection closed (" + e.getClass()
              .getSimpleName() + ")";
      String offered = peer.identity() != null ? " identity=" + peer.identity()
          : peer.unknownIdentity() != null ? " unknown identity " + peer.unknownIdentity() : "";
      logger.log(Level.WARNING, "skip-tls handshake remote={0} failed: {1}{2}", remote, why,
          offered);
      linger();
      return false;
    }
  }

  /**
   * After a failed handshake the alert has been sent and our side half-closed; reads what the
   * client still sends (its Finished, say) until it closes, so that closing here does not reset
   * the connection before the client has read the alert.
   */
  private void linger() {
    deadline.arm("linger", LINGER.compareTo(settings.handshakeDeadline()) < 0 ? LINGER
        : settings.handshakeDeadline());
    byte[] discard = new byte[4096];
    try {
      InputStream in = socket.getInputStream();
      int total = 0;
      for (int n = in.read(discard); n >= 0 && total < MAX_LINGER_BYTES; n = in.read(discard)) {
        total += n;
      }
    } catch (IOException e) {
      // closed by the deadline or the client: done either way
    }
  }

  /** Requests until the connection is to close; an IOException when it is lost or timed out. */
  private void serve(TlsServerProtocol tls, String identity) throws IOException {
    HeadReader reader = new HeadReader(new BufferedInputStream(tls.getInputStream()),
        settings.maxHeadBytes());
    OutputStream out = tls.getOutputStream();
    deadline.arm("request", settings.requestDeadline());
    while (true) {
      RequestHead head;
      try {
        head = reader.read(() -> deadline.arm("request", settings.requestDeadline()));
      } catch (BadRequestException e) {
        deadline.arm("write", settings.requestDeadline());
        ResponseWriter.write(out, ResponseWriter.error(e.status(), e.getMessage()), false, false);
        logRequest(identity, "-", "-", e.status());
        return;
      }
      if (head == null) {
        return; // the client closed between requests
      }
      deadline.disarm();
      PskHttpResponse response = answer(head, identity);
      boolean keepAlive = head.keepAlive() && !head.hasBody();
      deadline.arm("write", settings.requestDeadline());
      ResponseWriter.write(out, response, keepAlive, head.isHead());
      logRequest(identity, head.method(), path(head.target()), response.status());
      if (!keepAlive) {
        return;
      }
      deadline.arm("idle", settings.idleTimeout());
    }
  }

  private PskHttpResponse answer(RequestHead head, String identity) {
    if (head.isGet() && head.hasBody()) {
      return ResponseWriter.error(400, "a GET request has no body");
    }
    try {
      PskHttpResponse response = handler.handle(new PskHttpRequest(head.method(), head.target(),
          identity, socket.getInetAddress()));
      if (response == null) {
        throw new IllegalStateException("handler returned null");
      }
      return response;
    } catch (RuntimeException e) {
      logger.log(Level.WARNING, "skip-tls request remote={0} identity={1} handler failed: {2}",
          remote, identity, e.getClass().getSimpleName());
      return ResponseWriter.error(500, "internal error");
    }
  }

  private void logRequest(String identity, String method, String path, int status) {
    logger.log(Level.INFO, "skip-tls request remote={0} identity={1} method={2} path={3} "
        + "status={4}", remote, identity, method, path, String.valueOf(status));
  }

  /** The path of a target (no query: it is the handler's to log), cut short. */
  private static String path(String target) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    return path.length() > MAX_PATH_SHOWN ? path.substring(0, MAX_PATH_SHOWN) + "..." : path;
  }

  private void close(TlsServerProtocol tls) {
    deadline.arm("close", settings.requestDeadline());
    try {
      tls.close(); // close_notify
    } catch (IOException e) {
      // the client has gone; the socket closes below
    }
  }

  /** The socket's input, which Bouncy Castle may close without closing the socket. */
  private static final class KeepOpenInput extends FilterInputStream {
    KeepOpenInput(Socket socket) throws IOException {
      super(socket.getInputStream());
    }

    @Override
    public void close() {
      // the connection closes the socket itself, after lingering
    }
  }

  /** The socket's output, whose close sends a FIN and leaves the input open to linger. */
  private static final class HalfCloseOutput extends FilterOutputStream {
    private final Socket socket;

    HalfCloseOutput(Socket socket) throws IOException {
      super(socket.getOutputStream());
      this.socket = socket;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
      if (!socket.isClosed() && !socket.isOutputShutdown()) {
        socket.shutdownOutput();
      }
    }
  }

  private void closeQuietly() {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
