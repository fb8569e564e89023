package org.ukms.daemon;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.ukms.config.ConfigError;
import org.ukms.config.ConfigException;
import org.ukms.config.SkipSettings;
import org.ukms.config.UkmsConfig;
import org.ukms.crypto.Secret;
import org.ukms.skip.ApiSettings;
import org.ukms.skip.EncryptorScopes;
import org.ukms.skip.EntropySource;
import org.ukms.skip.PendingKeys;
import org.ukms.skip.RemoteSystems;
import org.ukms.skip.SkipApi;
import org.ukms.skip.SkipKeyStore;
import org.ukms.tlspsk.PskFileException;
import org.ukms.tlspsk.PskFiles;
import org.ukms.tlspsk.PskFormat;
import org.ukms.tlspsk.PskHttpServer;
import org.ukms.tlspsk.PskServerSettings;

/**
 * The SKIP Key Provider of a node with a {@code [skip]} table: the pending keys (memory only),
 * the synchronisation with the peer Key Providers over the v2 channel, the four endpoints, and
 * the TLS-PSK listener that serves them to the configured encryptors, on its own address, never
 * the peer port. Expired keys are also swept on a timer, so none outlives its TTL by more than
 * {@link #sweepPeriod}.
 */
final class SkipService implements AutoCloseable {
  private static final System.Logger logger = System.getLogger("org.ukms.skip");

  private final PendingKeys pending;
  private final PskHttpServer server;
  /** The encryptors' PSKs the server serves (not copies); destroyed when it has stopped. */
  private Map<String, Secret> current;
  /** PSKs a reload replaced, destroyed after their grace period (or at close). */
  private final List<Secret> retired = new ArrayList<>();
  /** The listener's TLS settings (the profile's defaults; plain PSK per configuration). */
  static final PskServerSettings TLS = PskServerSettings.DEFAULT;
  /** Old PSKs outlive a reload by this much: well past any handshake that may still hold them. */
  static final Duration OLD_PSK_GRACE = TLS.handshakeDeadline().multipliedBy(2).plusSeconds(20);
  private final Scheduler scheduler;
  private final Environment env;
  private final Duration period;
  private final SkipMetrics metrics;
  private volatile boolean closed;
  private Scheduler.Cancellable sweep;
  /** Destruction of PSKs a reload replaced, pending their grace period. */
  private final List<Scheduler.Cancellable> graces = new ArrayList<>();

  private SkipService(PendingKeys pending, PskHttpServer server, Map<String, Secret> psks,
      Scheduler scheduler, Environment env, Duration period, SkipMetrics metrics) {
    this.pending = pending;
    this.server = server;
    this.current = Map.copyOf(psks);
    this.scheduler = scheduler;
    this.env = env;
    this.period = period;
    this.metrics = metrics;
  }

  /**
   * Starts the Key Provider of {@code config}, or returns empty without {@code [skip]}.
   * {@code sync} installs the v2 synchronisation that deposits into the given store and returns
   * its parts (the daemon's {@code skipSync}).
   *
   * @throws ConfigException when an encryptor's PSK file cannot be used (located at its key)
   * @throws IOException when the listener cannot bind (the message names {@code skip.listen})
   */
  static Optional<SkipService> start(UkmsConfig config, Environment env, Scheduler scheduler,
      PrometheusRegistry registry, Function<SkipKeyStore, Optional<SkipWiring.Parts>> sync)
      throws ConfigException, IOException {
    SkipSettings s = config.skip();
    if (s == null) {
      return Optional.empty();
    }
    Map<String, Secret> keys = encryptorKeys(config, s);
    PendingKeys pending = PendingKeys.create(env.clock(), s.keyTtl(), s.maxPendingKeys());
    SkipMetrics metrics;
    PskHttpServer server;
    try {
      SkipWiring.Parts parts = sync.apply(pending).orElseThrow();
      RemoteSystems remotes = RemoteSystems.of(s.remoteSystems().stream()
          .map(r -> new RemoteSystems.Entry(r.pattern(), r.peerId())).toList());
      SkipApi api = SkipApi.create(new ApiSettings(s.localSystemId(), s.algorithm(), remotes,
          s.entropy(), s.minKeyBits(), s.maxKeyBits()), parts.minter(), pending,
          EntropySource.ownSecureRandom(), env.clock()).scopedTo(scopes(s));
      metrics = new SkipMetrics(registry, pending::pendingCount);
      try {
        server = PskHttpServer.start(new InetSocketAddress(s.host(), s.port()), keys,
            metrics.counting(api), TLS.withPlainPsk(s.allowPlainPsk()));
      } catch (IOException e) {
        throw new IOException("cannot serve SKIP on " + s.host() + ":" + s.port() + ": "
            + e.getMessage() + " (skip.listen)", e);
      }
    } catch (IOException | RuntimeException e) {
      pending.close();
      keys.values().forEach(Secret::destroy);
      throw e;
    }
    SkipService service = new SkipService(pending, server, keys, scheduler, env,
        sweepPeriod(s), metrics);
    service.scheduleSweep();
    logger.log(System.Logger.Level.INFO, "SKIP Key Provider \"" + s.localSystemId()
        + "\" serving " + s.encryptors().size() + " encryptor(s) on " + s.host() + ":"
        + server.port());
    return Optional.of(service);
  }

  /**
   * Re-reads the encryptor PSK files of {@code next}'s {@code [skip]} table (the running one: a
   * changed table needs a restart, but its PSK files are re-read all the same, so a rotated,
   * perhaps compromised, router PSK is never kept) and, when any content changed, serves the new PSKs to new connections at once; the
   * old ones are destroyed once no handshake can still be using them. An unreadable file changes
   * nothing (every identity keeps its PSK) and is returned as a one-line error naming it.
   */
  synchronized List<String> reloadPsks(UkmsConfig next) {
    if (next.skip() == null || closed) {
      return List.of();
    }
    Map<String, Secret> fresh;
    try {
      fresh = encryptorKeys(next, next.skip());
    } catch (ConfigException e) {
      return e.errors().stream().map(Object::toString).toList();
    }
    List<String> changed = fresh.keySet().stream()
        .filter(id -> !current.containsKey(id) || !fresh.get(id).sameAs(current.get(id)))
        .toList();
    if (changed.isEmpty() && fresh.size() == current.size()) {
      fresh.values().forEach(Secret::destroy);
      return List.of();
    }
    List<Secret> old = List.copyOf(server.replaceKeys(fresh).values());
    current = Map.copyOf(fresh);
    retired.addAll(old);
    try {
      graces.add(scheduler.schedule(env.clock().instant().plus(OLD_PSK_GRACE), () -> {
        old.forEach(Secret::destroy);
        synchronized (this) {
          retired.removeAll(old);
        }
      }));
    } catch (RuntimeException e) {
      // the scheduler is stopping: the old PSKs stay in retired and close() destroys them
    }
    logger.log(System.Logger.Level.INFO, "SKIP encryptor PSKs reloaded: " + changed);
    return List.of();
  }

  private static PskFormat format(SkipSettings.Encryptor e) {
    return e.format() == SkipSettings.PskFormat.ASCII ? PskFormat.ASCII : PskFormat.HEX;
  }

  private static EncryptorScopes scopes(SkipSettings s) {
    Map<String, List<String>> scopes = new LinkedHashMap<>();
    s.encryptors().forEach(e -> scopes.put(e.identity(), e.remoteSystems()));
    return EncryptorScopes.of(scopes);
  }

  /** A quarter of the TTL, between 1 s and 10 s. */
  static Duration sweepPeriod(SkipSettings s) {
    Duration quarter = s.keyTtl().dividedBy(4);
    return quarter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
        : quarter.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : quarter;
  }

  /** Each encryptor's PSK, read from its file; every unusable file is an error at its key. */
  private static Map<String, Secret> encryptorKeys(UkmsConfig config, SkipSettings s)
      throws ConfigException {
    Map<String, Secret> keys = new LinkedHashMap<>();
    List<ConfigError> errors = new ArrayList<>();
    for (SkipSettings.Encryptor e : s.encryptors()) {
      try {
        keys.put(e.identity(), PskFiles.read(e.pskFile(), format(e)));
      } catch (PskFileException ex) {
        errors.add(config.error(List.of("skip", "encryptors", e.identity(), "psk_file"),
            ex.getMessage()));
      }
    }
    if (!errors.isEmpty()) {
      keys.values().forEach(Secret::destroy);
      throw new ConfigException(errors);
    }
    return keys;
  }

  /** What {@code ukms check} reports about the encryptors' PSK files (none without SKIP). */
  static List<ConfigError> pskProblems(UkmsConfig config) {
    if (config.skip() == null) {
      return List.of();
    }
    try {
      encryptorKeys(config, config.skip()).values().forEach(Secret::destroy);
      return List.of();
    } catch (ConfigException e) {
      return e.errors();
    }
  }

  private synchronized void scheduleSweep() {
    if (!closed) {
      sweep = scheduler.schedule(env.clock().instant().plus(period), () -> {
        int gone = pending.sweep();
        if (gone > 0) {
          metrics.expired(gone);
          logger.log(System.Logger.Level.INFO, gone + " unfetched SKIP key(s) expired and zeroized");
        }
        scheduleSweep();
      });
    }
  }

  /** The listener's port (tests; the configured one unless it was 0). */
  int port() {
    return server.port();
  }

  /** The snapshot {@code /status} shows. */
  SkipStatus status(SkipSettings s) {
    return new SkipStatus(s.localSystemId(), s.host() + ":" + server.port(),
        s.remoteSystems().stream().map(r -> r.pattern() + " -> " + r.peerId()).toList(),
        s.encryptors().stream().map(SkipSettings.Encryptor::identity).toList(),
        pending.pendingCount());
  }

  /** Keys waiting for this node's encryptor (status). */
  int pendingKeys() {
    return pending.pendingCount();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (sweep != null) {
      sweep.cancel();
    }
    graces.forEach(Scheduler.Cancellable::cancel);
    server.close();
    pending.close();
    current.values().forEach(Secret::destroy);
    retired.forEach(Secret::destroy);
  }
}
