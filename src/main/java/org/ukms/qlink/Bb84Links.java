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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.ukms.crypto.Secret;
import org.ukms.net.AcceptLoop;

/**
 * One simulator end's BB84 links: a listener that accepts links (one session thread per
 * connection, at most {@link Limits#maxSessions} at once) and a dialer thread per address to
 * connect to, reconnecting with backoff (reset once a session got through its handshake). Each
 * link's {@link KeyStream} is kept by the peer's KME ID across reconnects, and found by the SAE
 * the peer announced. Owns its threads and sockets: {@link #close} stops them all.
 */
public final class Bb84Links implements AutoCloseable {
  private static final System.Logger logger = System.getLogger("org.ukms.qlink");
  /** First and longest wait before dialing again. */
  static final long BACKOFF_MIN_MILLIS = 200;
  static final long BACKOFF_MAX_MILLIS = 5_000;

  /**
   * Resource limits of one end.
   *
   * @param maxSessions sessions the listener runs at once; a connection beyond is closed
   * @param helloTimeout how long a new connection has for the hellos and slot counts
   * @param backoff the dial and accept back-off waits (null: wait on the clock until closed)
   */
  record Limits(int maxSessions, Duration helloTimeout, LinkSession.Pause backoff) {
    static Limits defaults() {
      return new Limits(16, Duration.ofSeconds(5), null);
    }
  }

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
  private final Limits limits;
  private final Semaphore sessions;
  private final LinkSession.Pause backoff;
  private ServerSocket server;

  private Bb84Links(LinkOptions options, Secret linkSecret, Supplier<RandomGenerator> random,
      Limits limits) {
    this.options = options;
    this.linkSecret = linkSecret;
    this.random = random;
    this.limits = limits;
    this.sessions = new Semaphore(limits.maxSessions());
    this.backoff = limits.backoff() != null ? limits.backoff()
        : millis -> !closed.await(millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts listening and dialing; {@code random} gives a fresh generator for each party's
   * draws in each block (a {@code SecureRandom} in production, seeded ones in tests).
   */
  public static Bb84Links start(LinkOptions options, Secret linkSecret,
      Supplier<RandomGenerator> random) throws IOException {
    return start(options, linkSecret, random, Limits.defaults());
  }

  static Bb84Links start(LinkOptions options, Secret linkSecret,
      Supplier<RandomGenerator> random, Limits limits) throws IOException {
    Bb84Links links = new Bb84Links(options, linkSecret, random, limits);
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

  /** The listener's socket (tests). */
  ServerSocket server() {
    return server;
  }

  /** Waits until at most {@code count} of this end's threads are running; false on timeout. */
  boolean awaitThreads(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (threads) {
      while (threads.size() > count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        threads.wait(Math.max(1, left / 1_000_000));
      }
    }
    return true;
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
    Repeats repeats = new Repeats();
    AcceptLoop.run(server, () -> closed.getCount() > 0, s -> admit(s, repeats),
        (e, retry) -> warn(repeats, "bb84 link: accept failed: " + e.getMessage()),
        wait -> pauseFor(wait.toMillis()));
  }

  private void admit(Socket s, Repeats repeats) {
    if (!sessions.tryAcquire()) {
      warn(repeats, "bb84 link: " + limits.maxSessions() + " sessions already running, "
          + "closing a new connection");
      closeQuietly(s);
      return;
    }
    thread("bb84-session-" + s.getPort(), () -> {
      try {
        session(s, false, null, new Repeats());
      } finally {
        sessions.release();
      }
    });
  }

  private void dial(InetSocketAddress peer) {
    long wait = BACKOFF_MIN_MILLIS;
    Repeats repeats = new Repeats();
    while (closed.getCount() > 0) {
      Socket s = new Socket();
      try {
        s.connect(peer, 5_000);
        if (session(s, true, peer, repeats)) {
          wait = BACKOFF_MIN_MILLIS; // only a link that got through its handshake
        }
      } catch (IOException e) {
        closeQuietly(s);
        KeyStream known = byAddress.get(peer);
        if (known != null) {
          known.disconnected(0, "cannot connect to " + peer + ": " + e.getMessage());
        }
      }
      if (!pauseFor(wait)) {
        return;
      }
      wait = Math.min(BACKOFF_MAX_MILLIS, wait * 2);
    }
  }

  /** Waits out a back-off; false when the end is closing. */
  private boolean pauseFor(long millis) {
    try {
      return backoff.sleep(millis) && closed.getCount() > 0;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /**
   * Runs one session to its end and says why it ended, in one line (a reason {@code repeats}
   * saw a moment ago at DEBUG); true when it got through its handshake.
   */
  private boolean session(Socket s, boolean dialer, InetSocketAddress peer, Repeats repeats) {
    sockets.add(s);
    LinkSession session = new LinkSession(s, dialer, options, linkSecret,
        (hello, socket, proven) -> forPeer(hello, socket, dialer, proven), random,
        millis -> !closed.await(millis, TimeUnit.MILLISECONDS), limits.helloTimeout());
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
    if (session.aligned()) {
      repeats.forget(); // the next failure is news
    }
    if (why != null && closed.getCount() > 0) {
      // Said before the socket closes: whoever sees the close finds the reason in place.
      String who = stream != null ? stream.peer()
          : String.valueOf(s.getRemoteSocketAddress());
      warn(repeats, "bb84 link to " + who + ": " + why);
      if (stream != null) {
        stream.disconnected(session.epoch(), why);
      }
    }
    sockets.remove(s);
    closeQuietly(s);
    return session.aligned();
  }

  private static void warn(Repeats repeats, String line) {
    logger.log(repeats.fresh(line) ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
        line);
  }

  /**
   * Refuses a hello with this end's KME ID or from an end we dial too; once the peer has
   * {@code proven} it holds the link secret, its stream (a session still running for it is
   * closed: the peer reconnected). A replayed hello so never cuts a working session.
   */
  private KeyStream forPeer(Control.Hello hello, Socket socket, boolean dialed, boolean proven)
      throws LinkAuthException {
    if (hello.kmeId().equals(options.kmeId())) {
      throw new LinkAuthException("the peer has this end's KME ID " + hello.kmeId()
          + " (the two ends of a link need different IDs)");
    }
    KeyStream known;
    synchronized (byKme) {
      known = byKme.get(hello.kmeId());
    }
    Active running = known == null ? null : active.get(known);
    if (running != null && running.dialed() != dialed && !running.socket().isClosed()) {
      throw new LinkAuthException("this end and " + hello.kmeId() + " both dial each other: "
          + "exactly one end of a link may dial (the other listens)");
    }
    if (!proven) {
      return null;
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
    active.put(s, new Active(socket, dialed));
    if (old != null && old.socket() != socket) {
      closeQuietly(old.socket()); // the peer reconnected: the new session replaces it
    }
    return s;
  }

  private void thread(String name, Runnable body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } finally {
        synchronized (threads) {
          threads.remove(Thread.currentThread());
          threads.notifyAll();
        }
      }
    }, name);
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
