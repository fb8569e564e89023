package org.ukms.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.ukms.config.ConfigError;
import org.ukms.config.ConfigException;
import org.ukms.config.PeerConfig;
import org.ukms.config.UkmsConfig;
import org.ukms.exec.CommandRunner;
import org.ukms.http.Limits;
import org.ukms.http.Pools;
import org.ukms.http.Workers;
import org.ukms.peer.PeerServer;
import org.ukms.peer.V1Responder;
import org.ukms.peer.V2Auth;
import org.ukms.peer.V2Responder;
import org.ukms.sim.EtsiFrontEnd;
import org.ukms.sim.FakeQkdStartException;
import org.ukms.sim.Simulators;
import org.ukms.sink.PrivateFiles;
import org.ukms.sink.PskFile;

/**
 * The daemon's lifecycle: starts the peer API and one {@link PeerSession} per peer (built by
 * {@link PeerSessions}), swaps sessions on {@link #reload}, and stops them all on
 * {@link #close()}. Every session lives in one map, which the peer API, status and reload read.
 */
public final class Daemon implements AutoCloseable {
  private static final System.Logger logger = System.getLogger("org.ukms.daemon");
  /** How long {@link #close()} waits for in-flight rounds (and their file writes). */
  static final long DRAIN_MILLIS = 3000;
  /** Up to this many peers start their first rounds at once. */
  static final int SMALL = 16;
  static final Duration START_SPREAD_PER_PEER = Duration.ofMillis(10);
  /** How long an idle pooled connection is kept: shorter than every server's idle timeout. */
  static final Duration CLIENT_KEEP_ALIVE = Limits.CLIENT_KEEP_ALIVE;
  /**
   * At most this many rounds run at once, whatever the peer count; the others wait in a queue. A
   * round holds its thread while it waits for the network (at most the peer and KME timeouts), so
   * on loopback or a LAN (a round takes milliseconds) 16 threads carry thousands of peers; many
   * unreachable peers with long timeouts delay the others' rounds, never lose them.
   */
  static final int MAX_WORKERS = 16;
  /** Hooks are rare and short; more wait in the queue. */
  static final int MAX_HOOK_THREADS = 4;
  /** Room for every peer's timers and retries several times over; beyond it a task is refused. */
  static final int QUEUE = 1 << 16;
  /** How long a peer request that arrives during start-up waits for the sessions. */
  static final Duration OPEN_WAIT = Duration.ofSeconds(5);

  /** Counted down once every session exists: peer requests that arrive earlier wait for it. */
  private final CountDownLatch opened = new CountDownLatch(1);
  private final ThreadPoolExecutor workers;
  private final ThreadPoolExecutor hookPool;
  private final Scheduler scheduler;
  private final RotationStats stats;
  private final Map<String, PeerSession> sessions = new ConcurrentHashMap<>();
  private final Environment env;
  /** The one JSON mapper of this daemon (the fake KME, the peer sessions, the SKIP sync). */
  private final ObjectMapper mapper = new ObjectMapper();
  private volatile UkmsConfig config;
  private OkHttpClient http;
  private PeerSessions factory;
  private PeerServer server;
  private org.ukms.admin.AdminServer admin;
  EtsiFrontEnd fakeKme; // package-private: the demo reads its BB84 links (DemoLinks)
  /** SKIP key synchronisation, once {@link #skipSync} installed it; null answers 404. */
  private volatile SkipWiring.Parts skip;
  private org.ukms.sim.Etsi004Server fakeKme004;
  private volatile SkipService skipService;

  private Daemon(UkmsConfig config, Environment env) {
    this.config = config;
    this.env = env;
    this.workers = Pools.bounded(new Workers("ukms-worker", workerThreads(config.peers().size()),
        QUEUE));
    this.hookPool = Pools.bounded(new Workers("ukms-hook", MAX_HOOK_THREADS, QUEUE));
    this.scheduler = env.schedulers().apply(workers);
    this.stats = new RotationStats();
  }

  /**
   * Starts the daemon; returns once the peer API listens and every peer's first round is due.
   * The port is bound first, so a peer (or the fake KME's client) can connect while the rest
   * loads; peer requests wait until every session exists. Before a session exists, its WireGuard
   * peer gets the PSK in force (see {@link InitialPsk}), so no handshake runs without one.
   */
  public static Daemon start(UkmsConfig config, Environment env)
      throws ConfigException, IOException {
    Daemon daemon = new Daemon(config, env);
    try {
      daemon.open();
    } catch (ConfigException | IOException | RuntimeException e) {
      daemon.close();
      throw e;
    }
    logger.log(System.Logger.Level.INFO, Banner.line(config, daemon.server.port())
        + " admin=" + config.adminListen());
    daemon.sessions.values().forEach(PeerSession::start);
    return daemon;
  }

  private void open() throws ConfigException, IOException {
    if (config.fakeQkdApi()) {
      try {
        fakeKme = Simulators.embedded(config.fakeQkd(), env.clock(), env.uuids(), env.jitter(),
            mapper);
      } catch (FakeQkdStartException e) {
        throw new ConfigException(List.of(config.error(List.of(e.key()), e.getMessage())));
      }
      Simulators.registerLinkMetrics(stats.registry(), fakeKme);
    }
    try {
      server = PeerServer.start(new InetSocketAddress(config.bind(), config.port()),
          this::respondV1, new DaemonV2Responder(this::awaitOpen, sessions::get, () -> skip),
          fakeKme, PeerServer.WORKERS);
    } catch (IOException e) {
      throw new IOException("cannot listen on " + config.bind() + ":" + config.port() + ": "
          + e.getMessage(), e);
    }
    fakeKme004 = fakeKme == null ? null
        : Simulators.embedded004(config.fakeQkd(), env.clock(), env.jitter(), fakeKme);
    Preflight.check(config, env.wg());
    LocalFiles.require(config);
    if (config.keyFolder() != null && !PrivateFiles.ensureFolder(config.keyFolder())) {
      logger.log(System.Logger.Level.WARNING, "key_folder " + config.keyFolder()
          + " is readable by group or others; PSK files stay 0600 but consider chmod 700");
    }
    http = StaleConnectionGuard.install(new OkHttpClient.Builder())
        // Connect on the calling thread: OkHttp's "fast fallback" races each connection attempt
        // on threads of its own, which a thousand peers would multiply.
        .fastFallback(false)
        // Idle connections kept: room for every peer-API worker's KME call, or one per peer.
        .connectionPool(new ConnectionPool(
            Math.max(2 * PeerServer.WORKERS, config.peers().size()),
            CLIENT_KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS))
        .build();
    factory = new PeerSessions(env, scheduler, http, mapper, stats,
        new CommandRunner(RotateHooks.OUTPUT_CAP), hookPool);
    List<ConfigError> errors = new ArrayList<>();
    for (PeerConfig peer : config.peers()) {
      try {
        sessions.put(peer.id(), factory.create(config, peer, config.peers().size()));
      } catch (ConfigException e) {
        errors.addAll(e.errors());
      }
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    opened.countDown();
    try {
      admin = AdminWiring.start(config, env, stats, this::statuses,
          () -> skipService().map(s -> s.status(config.skip())),
          () -> fakeKme == null ? List.of() : FakeQkdLink.of(Simulators.linkStatuses(fakeKme)));
    } catch (IOException e) {
      throw new IOException("cannot serve the admin endpoint on " + config.adminListen() + ": "
          + e.getMessage() + " (admin_listen)", e);
    }
    skipService = SkipService.start(config, env, scheduler, stats.registry(),
        this::skipSync).orElse(null);
  }

  /**
   * Waits until every session exists (a peer request that came in while they were built);
   * false when the daemon did not finish starting within the peer API's own patience.
   */
  private boolean awaitOpen() {
    try {
      return opened.await(OPEN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private V1Responder.Answer respondV1(String caller, org.ukms.core.V1PeerRotation.Call call) {
    if (!awaitOpen()) {
      return new V1Responder.Failed("starting");
    }
    return sessions.get(caller) instanceof V1PeerSession s ? s.respond(call)
        : new V1Responder.UnknownPeer();
  }

  /** The SKIP Key Provider, when {@code [skip]} configured one (tests, status). */
  Optional<SkipService> skipService() {
    return Optional.ofNullable(skipService);
  }

  /**
   * With a {@code [skip]} table: starts answering SKIP syncs from peers into {@code store}
   * (this node's pending keys) and returns the parts, whose minter the SKIP API's
   * {@code GET /key} uses. Empty (and peers keep getting 404) without {@code [skip]}.
   */

  Optional<SkipWiring.Parts> skipSync(org.ukms.skip.SkipKeyStore store) {
    Optional<SkipWiring.Parts> parts = SkipWiring.create(config, sessions::get,
        factory.v2Client(), store, new java.security.SecureRandom());
    parts.ifPresent(p -> skip = p);
    return parts;
  }

  /**
   * Applies a re-read configuration: added peers start, removed peers stop (their PSK stays where
   * it is), changed peers restart from their saved state, unchanged peers are not touched. Top-level
   * settings that need a restart (bind address, port, folders, fake KME) keep their running values
   * and are named in the result. A peer whose new session cannot be built keeps running as before
   * (or, if new, is not started), and the error is in the result.
   */
  public synchronized Reload.Result reload(UkmsConfig next) throws InterruptedException {
    Reload.Plan plan = Reload.plan(config, next);
    UkmsConfig effective = plan.effective();
    if (fakeKme != null) {
      fakeKme.store().servePeers(effective.fakeQkd().peerSaeIds());
    }
    List<String> failed = new ArrayList<>();
    for (String id : plan.removed()) {
      PeerSession old = sessions.remove(id);
      old.close();
      stats.forget(id);
      logger.log(System.Logger.Level.INFO, "peer=" + id + " event=peer_removed "
          + "action=stopped (its PSK file and WireGuard PSK stay as they are)");
    }
    int peers = effective.peers().size();
    workers.setMaximumPoolSize(Math.max(workers.getMaximumPoolSize(), workerThreads(peers)));
    for (PeerConfig peer : effective.peers()) {
      boolean changed = plan.changed().contains(peer.id());
      if (!changed && !plan.added().contains(peer.id())) {
        continue;
      }
      PeerSession old = sessions.get(peer.id());
      if (old != null) {
        old.close();
        if (!old.awaitIdle(Duration.ofMillis(DRAIN_MILLIS))) {
          logger.log(System.Logger.Level.WARNING, "peer=" + peer.id() + " event=reload "
              + "a round was still running after " + DRAIN_MILLIS + " ms; restarting anyway "
              + "(the peers recover through the chain check)");
        }
      }
      try {
        PeerSession fresh = factory.create(effective, peer, peers);
        sessions.put(peer.id(), fresh);
        fresh.start();
        logger.log(System.Logger.Level.INFO, "peer=" + peer.id() + " event="
            + (changed ? "peer_changed action=restarted" : "peer_added action=started"));
      } catch (ConfigException | IOException | RuntimeException e) {
        failed.add(peer.id() + ": " + e.getMessage());
        if (old != null) {
          sessions.remove(peer.id());
        }
        logger.log(System.Logger.Level.ERROR, "peer=" + peer.id() + " event=reload_failed error=\""
            + e.getMessage() + "\" action=" + (old == null ? "not_started" : "stopped"));
      }
    }
    config = effective;
    if (skipService != null) { // the running [skip] table's PSK files: rotations apply at once
      failed.addAll(skipService.reloadPsks(effective));
    }
    return new Reload.Result(plan.added(), plan.removed(), plan.changed(), plan.unchanged(),
        plan.needRestart(), failed);
  }

  /**
   * When a peer's first round starts: at once for a few peers, spread uniformly over up to
   * {@link #START_SPREAD_PER_PEER} per peer (never more than one period) for many, so that a
   * thousand peers do not open a thousand connections in the same millisecond.
   */
  static Duration firstDelay(RandomGenerator jitter, Duration period, int peers) {
    long spread = Math.min(period.toMillis(), START_SPREAD_PER_PEER.toMillis() * peers);
    return peers <= SMALL ? Duration.ZERO : Duration.ofMillis(jitter.nextLong(spread + 1));
  }

  /** One thread per peer (each runs one round at a time) plus timers, up to {@link #MAX_WORKERS}. */
  static int workerThreads(int peers) {
    return Math.min(peers + 4, MAX_WORKERS);
  }

  /** A snapshot of every peer session, in the order of the configuration file. */
  public List<PeerStatus> statuses() {
    UkmsConfig c = config;
    List<PeerStatus> out = new ArrayList<>(c.peers().size());
    for (PeerConfig peer : c.peers()) {
      PeerSession session = sessions.get(peer.id());
      if (session != null) {
        out.add(session.status().withPskFile(pskFile(c, peer)));
      }
    }
    return out;
  }

  /** The configuration in force (after reloads). */
  public UkmsConfig config() {
    return config;
  }

  /** The v2 epoch of a peer's chain (tests, demo); -1 for a v1 or unknown peer. */
  public long epoch(String peer) {
    return sessions.get(peer) instanceof V2PeerSession s ? s.epoch() : -1;
  }

  /** The build's version, e.g. {@code 0.1.0}, as the start line and {@code --version} say it. */
  public static String version() {
    return Banner.version();
  }

  /** The Base64 ID of a v2 peer's current chain key (tests); null for a v1 or unknown peer. */
  public String chainId(String peer) {
    return sessions.get(peer) instanceof V2PeerSession s
        ? java.util.Base64.getEncoder().encodeToString(s.chainId().bytes()) : null;
  }

  /** Keys the embedded fake KME delivered so far, or -1 without one (tests, metrics). */
  public long fakeKmeKeysDelivered() {
    return fakeKme == null ? -1 : fakeKme.store().keysDelivered();
  }

  /** Runs one v2 round towards {@code peer} on the calling thread (tests). */
  void roundNow(String peer) {
    ((V2PeerSession) sessions.get(peer)).round();
  }

  public int port() {
    return server.port();
  }

  public RotationStats stats() {
    return stats;
  }

  /** The PSK file of one peer, or null when {@code key_folder} is unset. */
  public static Path pskFile(UkmsConfig config, PeerConfig peer) {
    return config.keyFolder() == null ? null
        : new PskFile(config.keyFolder(), config.pskFileNames(), peer.alias()).path();
  }

  /**
   * Starts no more rounds and waits up to {@code timeout} for running ones to finish; the peer
   * API keeps answering, so other daemons' rounds towards this one complete too.
   */
  public void drainRounds(Duration timeout) throws InterruptedException {
    sessions.values().forEach(PeerSession::close);
    scheduler.close();
    workers.shutdown();
    workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Stops within about five seconds: no new rounds, the peer API closed, network calls cancelled,
   * and in-flight installs (atomic file writes) allowed to finish.
   */
  @Override
  public void close() {
    opened.countDown(); // nothing waits for a start that will not finish
    Optional.ofNullable(admin).ifPresent(org.ukms.admin.AdminServer::close);
    skip = null; // peers' syncs get 404 from here on, before the store closes
    Optional.ofNullable(skipService).ifPresent(SkipService::close);
    sessions.values().forEach(PeerSession::close);
    scheduler.close();
    Optional.ofNullable(fakeKme004).ifPresent(org.ukms.sim.Etsi004Server::close);
    if (server != null) {
      server.close();
    }
    if (fakeKme != null) {
      fakeKme.store().close(); // its BB84 links, if any
    }
    if (http != null) {
      http.dispatcher().cancelAll();
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(DRAIN_MILLIS, TimeUnit.MILLISECONDS)) {
        logger.log(System.Logger.Level.WARNING, "rounds still running at shutdown; abandoning them");
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    hookPool.shutdown();
    if (http != null) {
      http.connectionPool().evictAll();
    }
    logger.log(System.Logger.Level.INFO, "stopped");
  }
}
