package org.ukms.qlink;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.ukms.crypto.Secret;

/**
 * One simulator end's BB84 links: a listener that accepts links (one session thread per
 * connection) and a dialer thread per address to connect to, reconnecting with backoff. Each
 * link's {@link KeyStream} is kept by the peer's KME ID across reconnects, and found by the SAE
 * the peer announced. Owns its threads and sockets: {@link #close} stops them all.
 */
public final class Bb84Links implements AutoCloseable {
  private static final System.Logger logger = System.getLogger("org.ukms.qlink");
  /** First and longest wait before dialing again. */
  static final long BACKOFF_MIN_MILLIS = 200;
  static final long BACKOFF_MAX_MILLIS = 5_000;

  private final LinkOptions options;
  private final Secret linkSecret;
  private final Supplier<RandomGenerator> random;
  private final Map<String, KeyStream> byKme = new LinkedHashMap<>();
  private final Map<String, KeyStream> bySae = new ConcurrentHashMap<>();
  private final Map<InetSocketAddress, KeyStream> byAddress = new ConcurrentHashMap<>();
  /** The running session of each stream: its socket and whether this end dialed it. */
  private final Map<KeyStream, Active> active = new ConcurrentHashMap<>();

  private record Active(Socket socket, boolean dialed) {}
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final List<Thread> threads = new ArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private ServerSocket server;

  private Bb84Links(LinkOptions options, Secret linkSecret, Supplier<RandomGenerator> random) {
    this.options = options;
    this.linkSecret = linkSecret;
    this.random = random;
  }

  /**
   * Starts listening and dialing; {@code random} gives a fresh generator for each party's
   * draws in each block (a {@code SecureRandom} in production, seeded ones in tests).
   */
  public static Bb84Links start(LinkOptions options, Secret linkSecret,
      Supplier<RandomGenerator> random) throws IOException {
    Bb84Links links = new Bb84Links(options, linkSecret, random);
    if (options.listen() != null) {
      links.server = new ServerSocket();
      links.server.bind(options.listen());
      links.thread("bb84-listen", links::accept);
    }
    for (InetSocketAddress peer : options.connect()) {
      links.thread("bb84-dial-" + peer.getPort(), () -> links.dial(peer));
    }
    return links;
  }

  /** The port the listener is bound to (-1 without one). */
  public int port() {
    return server == null ? -1 : server.getLocalPort();
  }

  /**
   * The stream shared with the end serving {@code peerSae}; the only one if this end has a
   * single link (whatever SAE the peer announced); empty before such a peer said hello.
   */
  public Optional<KeyStream> streamFor(String peerSae) {
    KeyStream s = bySae.get(peerSae);
    if (s != null) {
      return Optional.of(s);
    }
    synchronized (byKme) {
      if (options.connect().size() + (options.listen() == null ? 0 : 1) == 1
          && byKme.size() == 1) {
        return Optional.of(byKme.values().iterator().next());
      }
    }
    return Optional.empty();
  }

  /** Waits up to {@code timeout} for the stream of {@code peerSae} (its end said hello). */
  public Optional<KeyStream> awaitStream(String peerSae, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (byKme) {
      while (streamFor(peerSae).isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Optional.empty();
        }
        byKme.wait(Math.max(1, left / 1_000_000));
      }
    }
    return streamFor(peerSae);
  }

  /** Why a peer SAE has no keys: its link's state, or that no link to it is up yet. */
  public String stateFor(String peerSae) {
    Optional<KeyStream> s = streamFor(peerSae);
    if (s.isPresent()) {
      return s.get().state();
    }
    synchronized (byKme) {
      if (byKme.size() == 1 && options.connect().size() + (options.listen() == null ? 0 : 1) == 1) {
        return byKme.values().iterator().next().state();
      }
    }
    return "no BB84 link to the KME of SAE " + peerSae + " is up yet";
  }

  /** This end's KME ID. */
  public String kmeId() {
    return options.kmeId();
  }

  /** The streams of every link that has said hello so far. */
  public List<KeyStream> streams() {
    synchronized (byKme) {
      return List.copyOf(byKme.values());
    }
  }

  /** Every link's state, for status and metrics. */
  public List<LinkStatus> statuses(int slotsPerKey) {
    List<KeyStream> all;
    synchronized (byKme) {
      all = new ArrayList<>(byKme.values());
    }
    return all.stream().map(s -> s.status(slotsPerKey)).toList();
  }

  @Override
  public void close() {
    closed.countDown();
    closeQuietly(server);
    sockets.forEach(Bb84Links::closeQuietly);
    List<Thread> all;
    synchronized (threads) {
      all = new ArrayList<>(threads);
    }
    for (Thread t : all) {
      t.interrupt();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    synchronized (byKme) {
      byKme.values().forEach(KeyStream::clear);
    }
  }

  private void accept() {
    while (closed.getCount() > 0) {
      try {
        Socket s = server.accept();
        thread("bb84-session-" + s.getPort(), () -> session(s, false, null));
      } catch (IOException e) {
        if (closed.getCount() > 0) {
          logger.log(System.Logger.Level.WARNING, "bb84 link: accept failed: " + e.getMessage());
        }
      }
    }
  }

  private void dial(InetSocketAddress peer) {
    long backoff = BACKOFF_MIN_MILLIS;
    while (closed.getCount() > 0) {
      Socket s = new Socket();
      boolean started = false;
      try {
        s.connect(peer, 5_000);
        backoff = BACKOFF_MIN_MILLIS;
        started = true;
        session(s, true, peer);
      } catch (IOException e) {
        closeQuietly(s);
        if (!started) {
          KeyStream known = byAddress.get(peer);
          if (known != null) {
            known.disconnected(0, "cannot connect to " + peer + ": " + e.getMessage());
          }
        }
      }
      try {
        if (closed.await(backoff, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
      backoff = Math.min(BACKOFF_MAX_MILLIS, backoff * 2);
    }
  }

  /** Runs one session to its end and says why it ended, in one line. */
  private void session(Socket s, boolean dialer, InetSocketAddress peer) {
    sockets.add(s);
    LinkSession session = new LinkSession(s, dialer, options, linkSecret,
        (hello, socket) -> forPeer(hello, socket, dialer), random,
        millis -> !closed.await(millis, TimeUnit.MILLISECONDS));
    String why = null;
    try {
      session.run();
    } catch (LinkAuthException e) {
      why = "session ended: " + e.getMessage();
    } catch (java.io.EOFException e) {
      why = "the other end closed the connection (its log says why)";
    } catch (IOException e) {
      why = "connection lost: " + e.getMessage();
    } catch (RuntimeException e) { // a message the parties refused, e.g. an impossible value
      why = "session ended: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    KeyStream stream = session.stream();
    if (stream != null && peer != null) {
      byAddress.put(peer, stream);
    }
    if (why != null && closed.getCount() > 0) {
      // Said before the socket closes: whoever sees the close finds the reason in place.
      String who = stream != null ? stream.status(1).peerKmeId()
          : String.valueOf(s.getRemoteSocketAddress());
      logger.log(System.Logger.Level.WARNING, "bb84 link to " + who + ": " + why);
      if (stream != null) {
        stream.disconnected(session.epoch(), why);
      }
    }
    sockets.remove(s);
    closeQuietly(s);
  }

  /** The peer's stream; a session still running for it is closed (the peer reconnected). */
  private KeyStream forPeer(Control.Hello hello, Socket socket, boolean dialed)
      throws LinkAuthException {
    if (hello.kmeId().equals(options.kmeId())) {
      throw new LinkAuthException("the peer has this end's KME ID " + hello.kmeId()
          + " (the two ends of a link need different IDs)");
    }
    KeyStream s;
    synchronized (byKme) {
      s = byKme.computeIfAbsent(hello.kmeId(), id -> new KeyStream(id,
          options.kmeId().compareTo(id) < 0, options.slotBytes()));
    }
    bySae.put(hello.saeId(), s);
    synchronized (byKme) {
      byKme.notifyAll();
    }
    Active old = active.get(s);
    if (old != null && old.dialed() != dialed && !old.socket().isClosed()) {
      throw new LinkAuthException("this end and " + hello.kmeId() + " both dial each other: "
          + "exactly one end of a link may dial (the other listens)");
    }
    active.put(s, new Active(socket, dialed));
    if (old != null && old.socket() != socket) {
      closeQuietly(old.socket()); // the peer reconnected: the new session replaces it
    }
    return s;
  }

  private void thread(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    synchronized (threads) {
      threads.add(t);
    }
    t.start();
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // best effort
    }
  }
}
