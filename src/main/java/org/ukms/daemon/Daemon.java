package org.ukms.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Optional;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.ukms.config.ConfigError;
import org.ukms.config.ConfigException;
import org.ukms.config.PeerConfig;
import org.ukms.config.Protocol;
import org.ukms.config.UkmsConfig;
import org.ukms.core.Backoff;
import org.ukms.core.V2Chain;
import org.ukms.core.V2Exchange;
import org.ukms.crypto.Secret;
import org.ukms.crypto.V2Keys;
import org.ukms.exec.CommandRunner;
import org.ukms.http.Limits;
import org.ukms.http.Pools;
import org.ukms.kme.KmeClient;
import org.ukms.kme.OkHttpKmeClient;
import org.ukms.peer.OkHttpPeerClient;
import org.ukms.peer.OkHttpV2Client;
import org.ukms.peer.V2Auth;
import org.ukms.peer.V2Responder;
import org.ukms.peer.PeerServer;
import org.ukms.peer.V1Responder;
import org.ukms.sim.EtsiFrontEnd;
import org.ukms.sim.LinkSecrets;
import org.ukms.sim.Simulators;
import org.ukms.sink.ChainStateFile;
import org.ukms.sink.CoalescingPskSink;
import org.ukms.sink.PrivateFiles;
import org.ukms.sink.PskFile;
import org.ukms.sink.PskSink;
import org.ukms.sink.UnsafeFileException;
import org.ukms.sink.WireGuardPsk;

/**
 * The composition root: builds every I/O object from a validated configuration, starts the peer
 * API and one rotation session per peer, and stops them all on {@link #close()}.
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

  private final OkHttpClient http;
  private final ThreadPoolExecutor workers;
  private final Scheduler scheduler;
  private final PeerServer server;
  private final Map<String, V1PeerSession> sessions;
  private final Map<String, V2PeerSession> v2Sessions;
  private final RotationStats stats;
  private EtsiFrontEnd fakeKme;
  private Map<String, PskOutputs> outputs = Map.of();
  private ThreadPoolExecutor hookPool;

  private Daemon(OkHttpClient http, ThreadPoolExecutor workers, Scheduler scheduler,
      PeerServer server, Map<String, V1PeerSession> sessions,
      Map<String, V2PeerSession> v2Sessions, RotationStats stats) {
    this.http = http;
    this.workers = workers;
    this.scheduler = scheduler;
    this.server = server;
    this.sessions = sessions;
    this.v2Sessions = v2Sessions;
    this.stats = stats;
  }

  /** What {@code ukms check} runs: everything {@link #start} builds, short of binding the port. */
  public static void check(UkmsConfig config) throws ConfigException {
    OkHttpClient http = new OkHttpClient.Builder().build();
    kmeClients(config, http, new ObjectMapper());
    List<ConfigError> errors = new ArrayList<>();
    if (config.fakeQkdApi() && config.fakeQkd().linkSecretFile() != null) {
      try {
        LinkSecrets.load(config.fakeQkd().linkSecretFile()).destroy();
      } catch (IOException e) {
        errors.add(config.error(List.of("fake_qkd_link_secret_file"), e.getMessage()));
      }
    }
    errors.addAll(LocalFiles.problems(config));
    boolean wgMissing = config.peers().stream().anyMatch(p -> p.outputs().wireguard() != null)
        && !onPath("wg");
    for (PeerConfig peer : config.peers()) {
      if (wgMissing && peer.outputs().wireguard() != null) {
        errors.add(config.error(List.of("peers", peer.id(), "wireguard"), "wg is not on PATH, "
            + "so the PSK cannot be applied (apt-get install wireguard-tools)"));
      }
      if (peer.protocol() == Protocol.V2) {
        try {
          AuthKeys.load(peer.v2().authKeyFile()).destroy();
        } catch (IOException e) {
          errors.add(config.error(List.of("peers", peer.id(), "auth_key_file"),
              e.getMessage()));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
  }

  /** Whether an executable {@code program} is in a folder of PATH. */
  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String folder : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(folder.isEmpty() ? "." : folder, program);
      if (java.nio.file.Files.isRegularFile(candidate)
          && java.nio.file.Files.isExecutable(candidate)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Starts the daemon; returns once the peer API listens and every peer's first round is due.
   * Before anything else, every WireGuard peer gets its current PSK (see {@link InitialPsk}), so no
   * handshake runs without one.
   */
  public static Daemon start(UkmsConfig config, Environment env)
      throws ConfigException, IOException {
    ObjectMapper mapper = new ObjectMapper();
    OkHttpClient http = StaleConnectionGuard.install(new OkHttpClient.Builder())
        // Idle connections kept: room for every peer-API worker's KME call, or one per peer.
        .connectionPool(new ConnectionPool(
            Math.max(2 * PeerServer.WORKERS, config.peers().size()),
            CLIENT_KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS))
        .build();
    Map<String, KmeClient> kmes = kmeClients(config, http, mapper);
    LocalFiles.require(config);
    if (config.keyFolder() != null && !PrivateFiles.ensureFolder(config.keyFolder())) {
      logger.log(System.Logger.Level.WARNING, "key_folder " + config.keyFolder()
          + " is readable by group or others; PSK files stay 0600 but consider chmod 700");
    }
    ThreadPoolExecutor workers = workerPool(config.peers().size());
    Scheduler scheduler = env.schedulers().apply(workers);
    OkHttpPeerClient peerClient = new OkHttpPeerClient(http, mapper);
    RotationStats stats = new RotationStats();
    CommandRunner runner = new CommandRunner(RotateHooks.OUTPUT_CAP);
    ThreadPoolExecutor hookPool = Pools.onDemandPool("ukms-hook",
        Math.max(1, config.peers().size()), Duration.ofSeconds(60));
    RotateHooks hooks = new RotateHooks(config.peers(), config.keyFolder(), config.pskFileNames(),
        runner, hookPool,
        stats);
    Map<String, V1PeerSession> sessions = new LinkedHashMap<>();
    Map<String, V2PeerSession> v2Sessions = new LinkedHashMap<>();
    Map<String, PskOutputs> outputs = new LinkedHashMap<>();
    OkHttpV2Client v2Client = new OkHttpV2Client(http, mapper);
    SecureRandom random = new SecureRandom();
    for (PeerConfig peer : config.peers()) {
      PskFile file = config.keyFolder() == null ? null
          : new PskFile(config.keyFolder(), config.pskFileNames(), peer.alias());
      WireGuardApplier wireguard = peer.outputs().wireguard() == null ? null
          : new WireGuardApplier(peer.id(), new WireGuardPsk(runner, env.wg(),
              peer.outputs().wireguard()), scheduler, env.clock(), new Backoff(env.jitter()),
              stats);
      // v1 installs of a peer that arrive faster than fsync coalesce: the newest PSK wins.
      PskOutputs out = new PskOutputs(file == null ? null : new CoalescingPskSink(file),
          wireguard);
      outputs.put(peer.id(), out);
      if (peer.protocol() == Protocol.V2) {
        ChainStateFile stateFile = new ChainStateFile(config.stateDir(), peer.alias());
        Optional<ChainStateFile.State> saved = loadState(peer, stateFile);
        if (wireguard != null) {
          InitialPsk.v2(peer, saved, env.clock(), random).applyTo(peer, wireguard);
        }
        Duration first = firstDelay(env.jitter(), peer.rotationPeriod(), config.peers().size());
        v2Sessions.put(peer.id(), v2Session(config, peer, env, scheduler, kmes.get(peer.id()),
            v2Client, out, stateFile, saved, stats, hooks, random, first));
        continue;
      }
      if (wireguard != null) {
        InitialPsk.v1(file, random).applyTo(peer, wireguard);
      }
      logger.log(System.Logger.Level.WARNING, "peer=" + peer.id() + " protocol=ukms-v1: "
          + "unauthenticated, with a short PSK mismatch window per half-exchange; use it only "
          + "with original uKMS peers");
      Duration first = firstDelay(env.jitter(), peer.rotationPeriod(), config.peers().size());
      sessions.put(peer.id(), new V1PeerSession(peer, env.clock(), scheduler,
          new Backoff(env.jitter()), first, kmes.get(peer.id()), peerClient, out, stats, hooks));
    }
    V1Responder responder = (caller, call) -> {
      V1PeerSession session = sessions.get(caller);
      return session == null ? new V1Responder.UnknownPeer() : session.respond(call);
    };
    V2Responder v2Responder = v2Sessions.isEmpty() ? null : new V2Responder() {
      @Override
      public Optional<V2Auth> authFor(String sender) {
        return Optional.ofNullable(v2Sessions.get(sender)).map(V2PeerSession::auth);
      }

      @Override
      public Answer offer(String peer, JsonNode body) {
        return v2Sessions.get(peer).offer(body);
      }

      @Override
      public Answer confirm(String peer, JsonNode body) {
        return v2Sessions.get(peer).confirm(body);
      }
    };
    EtsiFrontEnd fake = null;
    if (config.fakeQkdApi()) {
      try {
        fake = Simulators.embedded(config.fakeQkd(), env.clock(), env.uuids(), env.jitter(),
            mapper);
      } catch (IOException e) {
        throw new ConfigException(List.of(config.error(List.of("fake_qkd_link_secret_file"),
            e.getMessage())));
      }
    }
    PeerServer server;
    try {
      server = PeerServer.start(new InetSocketAddress(config.bind(), config.port()), responder,
          v2Responder, fake, PeerServer.WORKERS);
    } catch (IOException e) {
      outputs.values().forEach(PskOutputs::close);
      scheduler.close();
      workers.shutdownNow();
      hookPool.shutdownNow();
      throw new IOException("cannot listen on " + config.bind() + ":" + config.port() + ": "
          + e.getMessage(), e);
    }
    Daemon daemon = new Daemon(http, workers, scheduler, server, sessions, v2Sessions, stats);
    daemon.fakeKme = fake;
    daemon.outputs = outputs;
    daemon.hookPool = hookPool;
    logger.log(System.Logger.Level.INFO, Banner.line(config, server.port()));
    sessions.values().forEach(V1PeerSession::start);
    v2Sessions.values().forEach(V2PeerSession::start);
    return daemon;
  }

  /**
   * The saved chain state, or empty when there is none or it is damaged (logged); a file others
   * could have written is refused, never read or replaced.
   */
  private static Optional<ChainStateFile.State> loadState(PeerConfig peer,
      ChainStateFile stateFile) throws UnsafeFileException {
    try {
      Optional<ChainStateFile.State> saved = stateFile.load();
      if (saved.isEmpty()) {
        logger.log(System.Logger.Level.INFO, "peer=" + peer.id()
            + " event=no_chain_state action=start_at_epoch_0");
      }
      return saved;
    } catch (UnsafeFileException e) {
      throw e;
    } catch (IOException | IllegalArgumentException e) {
      logger.log(System.Logger.Level.WARNING, "peer=" + peer.id() + " event=chain_state_unusable"
          + " error=\"" + e.getMessage() + "\" action=start_at_epoch_0 (the peer resets)");
      return Optional.empty();
    }
  }

  private static V2PeerSession v2Session(UkmsConfig config, PeerConfig peer, Environment env,
      Scheduler scheduler, KmeClient kme, OkHttpV2Client client, PskSink sink,
      ChainStateFile stateFile, Optional<ChainStateFile.State> saved, RotationStats stats,
      InstallListener listener, SecureRandom random, Duration firstDelay)
      throws ConfigException, IOException {
    Secret authKey;
    try {
      authKey = AuthKeys.load(peer.v2().authKeyFile());
    } catch (IOException e) {
      throw new ConfigException(List.of(config.error(List.of("peers", peer.id(),
          "auth_key_file"), e.getMessage())));
    }
    V2Keys keys = V2Keys.of(authKey);
    authKey.destroy();
    Secret ck0 = keys.initialChainKey(peer.sourceKmeId(), peer.id());
    if (!PrivateFiles.ensureFolder(config.stateDir())) {
      logger.log(System.Logger.Level.WARNING, "state_dir " + config.stateDir()
          + " is readable by group or others; state files stay 0600 but consider chmod 700");
    }
    V2Chain chain = saved.map(st -> new V2Chain(ck0, st.epoch(), st.chainKey(),
        st.previousEpoch(), st.previousKey())).orElseGet(() -> V2Chain.initial(ck0));
    Instant confirmedAt = saved.map(ChainStateFile.State::confirmedAt).orElse(null);
    Secret pskInForce = saved.map(ChainStateFile.State::psk).orElse(null);
    V2Auth auth = new V2Auth(keys, peer.sourceKmeId(), peer.id(), peer.v2().authWindow(),
        env.clock(), random);
    Duration period = peer.rotationPeriod();
    V2Exchange core = new V2Exchange(new V2Exchange.Settings(peer.sourceKmeId(), peer.id(),
        peer.v2().mode(), period, peer.peerTimeout(), peer.v2().pskLifetime(),
        peer.v2().keepOnExpiry()), env.clock(),
        new Backoff(env.jitter(), period.compareTo(Backoff.INITIAL) < 0 ? Backoff.INITIAL : period),
        random, chain, pskInForce, confirmedAt, firstDelay);
    if (pskInForce != null) {
      pskInForce.destroy();
    }
    return new V2PeerSession(peer, core, scheduler, kme,
        client.transport(peer.ukmsUrl(), auth, peer.peerTimeout()), auth, sink, stateFile, stats,
        listener);
  }

  private static Map<String, KmeClient> kmeClients(UkmsConfig config, OkHttpClient http,
      ObjectMapper mapper) throws ConfigException {
    Map<String, KmeClient> clients = new LinkedHashMap<>();
    List<ConfigError> errors = new ArrayList<>();
    for (PeerConfig peer : config.peers()) {
      if (peer.kme() == null) {
        continue;
      }
      try {
        clients.put(peer.id(), OkHttpKmeClient.create(peer.kme(), http, mapper));
      } catch (IOException e) {
        errors.add(config.error(List.of("peers", peer.id()),
            "TLS files unusable: " + e.getMessage()));
      }
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return clients;
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

  /** At most one round per peer runs at a time, so one thread per peer is the bound. */
  private static ThreadPoolExecutor workerPool(int peers) {
    return Pools.onDemandPool("ukms-worker", peers + 4, Duration.ofSeconds(60));
  }

  /** The v2 epoch of a peer's chain (tests, demo); -1 for a v1 or unknown peer. */
  public long epoch(String peer) {
    V2PeerSession s = v2Sessions.get(peer);
    return s == null ? -1 : s.epoch();
  }

  /** The build's version, e.g. {@code 0.1.0}, as the start line and {@code --version} say it. */
  public static String version() {
    return Banner.version();
  }

  /** The Base64 ID of a v2 peer's current chain key (tests); null for a v1 or unknown peer. */
  public String chainId(String peer) {
    V2PeerSession s = v2Sessions.get(peer);
    return s == null ? null : java.util.Base64.getEncoder().encodeToString(s.chainId().bytes());
  }

  /** Keys the embedded fake KME delivered so far, or -1 without one (tests, metrics). */
  public long fakeKmeKeysDelivered() {
    return fakeKme == null ? -1 : fakeKme.store().keysDelivered();
  }

  /** Runs one v2 round towards {@code peer} on the calling thread (tests). */
  void roundNow(String peer) {
    v2Sessions.get(peer).round();
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
    sessions.values().forEach(V1PeerSession::close);
    v2Sessions.values().forEach(V2PeerSession::close);
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
    sessions.values().forEach(V1PeerSession::close);
    v2Sessions.values().forEach(V2PeerSession::close);
    scheduler.close();
    server.close();
    http.dispatcher().cancelAll();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(DRAIN_MILLIS, TimeUnit.MILLISECONDS)) {
        logger.log(System.Logger.Level.WARNING, "rounds still running at shutdown; abandoning them");
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    outputs.values().forEach(PskOutputs::close);
    if (hookPool != null) {
      hookPool.shutdown();
    }
    http.connectionPool().evictAll();
    logger.log(System.Logger.Level.INFO, "stopped");
  }
}
