package org.ukms.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.ukms.etsi004.Etsi004ProtocolException;
import org.ukms.etsi004.FrameIo;
import org.ukms.net.AcceptLoop;

/**
 * An {@link Etsi004Store} on a TCP port, speaking the ETSI forge binary binding: over TLS
 * 1.2/1.3 with a required client certificate, or plain (tests, loopback only). Each connection
 * gets a thread ({@code ukms-etsi004-N}) from a pool of {@code maxConnections}; a connection
 * beyond that is closed at once. Each connection carries one request and its answer, as with the
 * reference example server (its client opens a connection per call and does not always close
 * it, so a server that waited for more would run out of slots). A frame above 1 MiB, a broken
 * frame or {@link #IDLE} without a request ends the connection without an answer. Owns its threads and port: close it.
 */
public final class Etsi004Server implements AutoCloseable {
  private static final System.Logger logger = System.getLogger(Etsi004Server.class.getName());
  static final Duration IDLE = Duration.ofMinutes(5);
  static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

  private final ServerSocket listener;
  private final Etsi004Store store;
  private final Semaphore slots;
  private final ExecutorService workers;
  private final Thread acceptor;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  private Etsi004Server(ServerSocket listener, Etsi004Store store, int maxConnections) {
    this.listener = listener;
    this.store = store;
    this.slots = new Semaphore(maxConnections);
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(maxConnections, r -> {
      Thread t = new Thread(r, "ukms-etsi004-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.acceptor = new Thread(this::accept, "ukms-etsi004-accept");
    this.acceptor.setDaemon(true);
  }

  /** Binds and starts; {@code tls} null means plain TCP, which is refused off loopback. */
  public static Etsi004Server start(InetSocketAddress address, Etsi004Store store, SSLContext tls,
      int maxConnections) throws IOException {
    Objects.requireNonNull(store, "store");
    if (maxConnections < 1 || maxConnections > 1024) {
      throw new IllegalArgumentException("maxConnections out of range: " + maxConnections);
    }
    if (tls == null && !address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("plain ETSI 004 serves loopback only, not " + address);
    }
    ServerSocket listener;
    if (tls == null) {
      listener = new ServerSocket();
    } else {
      SSLServerSocket s = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
      s.setNeedClientAuth(true);
      s.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
      listener = s;
    }
    try {
      listener.bind(address, 64);
    } catch (IOException e) {
      listener.close();
      throw e;
    }
    Etsi004Server server = new Etsi004Server(listener, store, maxConnections);
    server.acceptor.start();
    return server;
  }

  public int port() {
    return listener.getLocalPort();
  }

  public Etsi004Store store() {
    return store;
  }

  private void accept() {
    AcceptLoop.run(listener, () -> true, this::admit, (e, retry) -> logger.log(
        System.Logger.Level.WARNING, "ETSI 004 accept failed: {0}; retrying in {1} ms",
        e.getMessage(), String.valueOf(retry.toMillis())), AcceptLoop.SLEEP);
  }

  private void admit(Socket socket) {
    if (!slots.tryAcquire()) {
      logger.log(System.Logger.Level.WARNING, "ETSI 004: too many connections, closing one");
      closeQuietly(socket);
      return;
    }
    open.add(socket);
    try {
      workers.execute(() -> {
        try {
          serve(socket);
        } finally {
          open.remove(socket);
          closeQuietly(socket);
          slots.release();
        }
      });
    } catch (RejectedExecutionException e) { // closing
      open.remove(socket);
      closeQuietly(socket);
      slots.release();
    }
  }

  /** One request, one answer, then the connection ends, as the reference example server does. */
  private void serve(Socket socket) {
    try {
      socket.setSoTimeout((int) IDLE.toMillis());
      OutputStream out = socket.getOutputStream();
      byte[] request = FrameIo.read(socket.getInputStream());
      byte[] response = store.serve(request);
      Arrays.fill(request, (byte) 0);
      out.write(response);
      out.flush();
      Arrays.fill(response, (byte) 0);
      socket.shutdownOutput(); // our close_notify now; closing then need not wait for the peer's
    } catch (Etsi004ProtocolException e) {
      logger.log(System.Logger.Level.WARNING, "ETSI 004 from {0}: {1}",
          socket.getRemoteSocketAddress(), e.getMessage());
    } catch (SocketException | java.io.EOFException e) {
      // the client went away or the server is closing
    } catch (IOException e) {
      logger.log(System.Logger.Level.DEBUG, "ETSI 004 connection ended: {0}", e.getMessage());
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      // A TLS close waits for the peer's close_notify for up to the read timeout; the reference
      // client never sends one, so do not let it hold the slot for IDLE.
      socket.setSoTimeout((int) CLOSE_WAIT.toMillis());
      socket.close();
    } catch (IOException e) {
      // best effort
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // best effort
    }
    acceptor.interrupt(); // out of a back-off wait at once
    open.forEach(Etsi004Server::closeQuietly);
    workers.shutdownNow();
  }
}
