package org.ukms.tlspsk;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.ukms.crypto.Secret;
import org.ukms.http.Pools;
import org.ukms.http.Workers;
import org.ukms.net.AcceptLoop;

/**
 * An HTTP/1.1 server over TLS-PSK (docs/skip-tls.md): one listening socket, one accept thread,
 * and one pool thread per open connection (Bouncy Castle's TLS is blocking here), at most
 * {@link PskServerSettings#maxConnections()} of them; a connection beyond that is closed at once.
 * Every request goes to one {@link PskHttpHandler}. The PSKs stay the caller's: the server reads
 * them, never destroys them. Bind port 0 in tests and ask {@link #port()}.
 */
public final class PskHttpServer implements AutoCloseable {
  private static final System.Logger logger = System.getLogger("org.ukms.tlspsk");
  /** How long {@link #close()} waits for connection threads to end. */
  private static final long CLOSE_WAIT_MILLIS = 2_000;

  private final ServerSocket listener;
  private volatile Map<String, Secret> keys;
  private final PskHttpHandler handler;
  private final PskServerSettings settings;
  private final TlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
  private final ThreadPoolExecutor connections;
  private final ScheduledThreadPoolExecutor deadlines;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  private PskHttpServer(ServerSocket listener, Map<String, Secret> keys, PskHttpHandler handler,
      PskServerSettings settings) {
    this.listener = listener;
    this.keys = keys;
    this.handler = handler;
    this.settings = settings;
    // Twice the bound: a thread that has just finished a connection takes a moment to return to
    // the pool, and the bound is counted on open sockets, not on threads.
    this.connections = Pools.bounded(new Workers("skip-tls", 2 * settings.maxConnections(), 0));
    this.deadlines = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "skip-tls-deadlines");
      t.setDaemon(true);
      return t;
    });
    deadlines.setRemoveOnCancelPolicy(true);
    this.acceptor = new Thread(this::acceptLoop, "skip-tls-accept");
    acceptor.setDaemon(true);
  }

  /**
   * Listens on {@code address} and serves until {@link #close()}. {@code keys} maps each PSK
   * identity (its UTF-8 bytes on the wire) to its PSK; it is copied, the secrets are not.
   */
  public static PskHttpServer start(InetSocketAddress address, Map<String, Secret> keys,
      PskHttpHandler handler, PskServerSettings settings) throws IOException {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no PSK identities");
    }
    ServerSocket listener = new ServerSocket();
    try {
      listener.setReuseAddress(true);
      listener.bind(address, 64);
    } catch (IOException e) {
      listener.close();
      throw e;
    }
    PskHttpServer server = new PskHttpServer(listener, Map.copyOf(keys), handler, settings);
    server.acceptor.start();
    logger.log(Level.INFO, "skip-tls listening on {0}:{1} identities={2} plain_psk={3}",
        address.getAddress().getHostAddress(), String.valueOf(server.port()),
        String.valueOf(keys.size()), settings.allowPlainPsk() ? "on" : "off");
    return server;
  }

  /**
   * Serves {@code next} (identity to PSK; copied, the secrets are not) to connections accepted
   * from now on and returns the map it replaces. Connections already handshaking may still read
   * the old secrets until their handshake deadline: destroy them after it, not at once.
   */
  public Map<String, Secret> replaceKeys(Map<String, Secret> next) {
    if (next.isEmpty()) {
      throw new IllegalArgumentException("no PSK identities");
    }
    Map<String, Secret> old = keys;
    keys = Map.copyOf(next);
    logger.log(Level.INFO, "skip-tls identities replaced: {0}", String.valueOf(next.size()));
    return old;
  }

  public int port() {
    return listener.getLocalPort();
  }


  /** Waits until at most {@code atMost} connections are open; false if {@code within} passed. */
  boolean awaitOpenConnections(int atMost, Duration within) throws InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    synchronized (open) {
      while (open.size() > atMost) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(open, left);
      }
      return true;
    }
  }

  private void closed(Socket socket) {
    synchronized (open) {
      open.remove(socket);
      open.notifyAll();
    }
  }

  private void acceptLoop() {
    AcceptLoop.run(listener, () -> !closed, this::admit, (e, retry) -> logger.log(Level.ERROR,
        "skip-tls accept failed: {0}; retrying in {1} ms", e.getClass().getSimpleName(),
        String.valueOf(retry.toMillis())), AcceptLoop.SLEEP);
  }

  private void admit(Socket socket) {
    String remote = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    if (open.size() >= settings.maxConnections()) {
      logger.log(Level.WARNING, "skip-tls connection remote={0} refused: {1} connections open",
          remote, String.valueOf(open.size()));
      closeQuietly(socket);
      return;
    }
    open.add(socket);
    try {
      socket.setTcpNoDelay(true);
      Deadline deadline = new Deadline(deadlines, socket);
      PskConnection connection =
          new PskConnection(socket, deadline, crypto, keys, handler, settings);
      connections.execute(() -> {
        try {
          connection.run();
        } finally {
          closed(socket);
        }
      });
    } catch (IOException | RejectedExecutionException e) {
      closed(socket);
      logger.log(Level.WARNING, "skip-tls connection remote={0} refused: {1}", remote,
          e.getClass().getSimpleName());
      closeQuietly(socket);
    }
  }

  /** Stops accepting, closes every open connection and stops the threads. */
  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    acceptor.interrupt(); // out of a back-off wait at once
    open.forEach(PskHttpServer::closeQuietly);
    connections.shutdownNow();
    deadlines.shutdownNow();
    try {
      acceptor.join(CLOSE_WAIT_MILLIS);
      connections.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing; nothing more to do
    }
  }
}
