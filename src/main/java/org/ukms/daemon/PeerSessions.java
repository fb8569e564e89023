package org.ukms.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import org.ukms.config.ConfigException;
import org.ukms.config.PeerConfig;
import org.ukms.config.Protocol;
import org.ukms.config.UkmsConfig;
import org.ukms.core.Backoff;
import org.ukms.core.KeySource;
import org.ukms.core.V2Chain;
import org.ukms.core.V2Exchange;
import org.ukms.crypto.Fingerprint;
import org.ukms.crypto.Secret;
import org.ukms.crypto.V2Keys;
import org.ukms.exec.CommandRunner;
import org.ukms.config.Etsi004Settings;
import org.ukms.etsi004.BinaryCodec;
import org.ukms.etsi004.Etsi004Binding;
import org.ukms.etsi004.Etsi004Client;
import org.ukms.etsi004.Etsi004KeySource;
import org.ukms.etsi004.KeyStreamId;
import org.ukms.etsi004.OkHttpRestBinding;
import org.ukms.etsi004.Qos;
import org.ukms.etsi004.SocketTransport;
import org.ukms.kme.Etsi014KeySource;
import org.ukms.kme.TlsMaterial;
import org.ukms.kme.KmeClient;
import org.ukms.kme.OkHttpKmeClient;
import org.ukms.peer.OkHttpPeerClient;
import org.ukms.peer.OkHttpV2Client;
import org.ukms.peer.V2Auth;
import org.ukms.sink.ChainStateFile;
import org.ukms.sink.CoalescingPskSink;
import org.ukms.sink.PrivateFiles;
import org.ukms.sink.PskFile;
import org.ukms.sink.UnsafeFileException;
import org.ukms.sink.WireGuardPsk;

/**
 * Builds one {@link PeerSession} per configured peer, at start and on reload, from what all
 * sessions of a daemon share (HTTP client, scheduler, counters, hook runner). Before a session
 * exists, its WireGuard peer gets the PSK in force (see {@link InitialPsk}), so no handshake runs
 * without one.
 */
final class PeerSessions {
  private static final System.Logger logger = System.getLogger("org.ukms.daemon");

  private final Environment env;
  private final Scheduler scheduler;
  private final OkHttpClient http;
  private final ObjectMapper mapper;
  private final OkHttpPeerClient v1Client;
  private final OkHttpV2Client v2Client;
  private final RotationStats stats;
  private final CommandRunner runner;
  private final ExecutorService hookPool;
  private final SecureRandom random = new SecureRandom();

  PeerSessions(Environment env, Scheduler scheduler, OkHttpClient http, ObjectMapper mapper,
      RotationStats stats, CommandRunner runner, ExecutorService hookPool) {
    this.env = env;
    this.scheduler = scheduler;
    this.http = http;
    this.mapper = mapper;
    this.v1Client = new OkHttpPeerClient(http, mapper);
    this.v2Client = new OkHttpV2Client(http, mapper);
    this.stats = stats;
    this.runner = runner;
    this.hookPool = hookPool;
  }

  /** The v2 peer client the sessions use; the SKIP sync sends its step through it too. */
  OkHttpV2Client v2Client() {
    return v2Client;
  }

  /**
   * A session for {@code peer} of {@code config}, not started; {@code peers} is how many the
   * daemon runs (spreads the first rounds of many).
   */
  PeerSession create(UkmsConfig config, PeerConfig peer, int peers)
      throws ConfigException, IOException {
    KmeClient kme = kme(config, peer, http, mapper);
    kme = kme == null ? null : MeteredCalls.kme(kme, stats, peer.id());
    PskFile file = config.keyFolder() == null ? null
        : new PskFile(config.keyFolder(), config.pskFileNames(), peer.alias());
    WireGuardApplier wireguard = peer.outputs().wireguard() == null ? null
        : new WireGuardApplier(peer.id(), new WireGuardPsk(runner, env.wg(),
            peer.outputs().wireguard()), scheduler, env.clock(), new Backoff(env.jitter()),
            stats);
    // Installs that arrive faster than fsync coalesce: the newest PSK wins (v1 /rotate bursts).
    PskOutputs out = new PskOutputs(file == null ? null : new CoalescingPskSink(file), wireguard);
    RotateHooks hooks = new RotateHooks(List.of(peer), config.keyFolder(),
        config.pskFileNames(), runner, hookPool, stats);
    Duration first = Daemon.firstDelay(env.jitter(), peer.rotationPeriod(), peers);
    try {
      if (peer.protocol() == Protocol.V2) {
        ChainStateFile stateFile = new ChainStateFile(config.stateDir(), peer.alias());
        Optional<ChainStateFile.State> saved = loadState(peer, stateFile);
        if (wireguard != null) {
          InitialPsk.v2(peer, saved, env.clock(), random).applyTo(peer, wireguard);
        }
        return v2(config, peer, kme, out, stateFile, saved, hooks, first);
      }
      if (wireguard != null) {
        InitialPsk.v1(file, random).applyTo(peer, wireguard);
      }
      logger.log(System.Logger.Level.WARNING, "peer=" + peer.id() + " protocol=ukms-v1: "
          + "unauthenticated, with a short PSK mismatch window per half-exchange; use it only "
          + "with original uKMS peers");
      return new V1PeerSession(peer, env.clock(), scheduler, new Backoff(env.jitter()), first,
          kme, MeteredCalls.v1(v1Client, stats, peer.id()), out, stats, hooks);
    } catch (ConfigException | IOException | RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private PeerSession v2(UkmsConfig config, PeerConfig peer, KmeClient kme, PskOutputs out,
      ChainStateFile stateFile, Optional<ChainStateFile.State> saved, InstallListener listener,
      Duration firstDelay) throws ConfigException, IOException {
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
    String fingerprint = pskInForce == null ? null : Fingerprint.of(pskInForce);
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
    // The peer's key source: ETSI 014 when it has a KME, none in pqc mode. A new source is one
    // more line here.
    KeySource source = peer.v2().etsi004() != null ? etsi004(config, peer)
        : kme == null ? null : new Etsi014KeySource(kme, peer.slaveSaeId());
    return new V2PeerSession(peer, core, scheduler, source,
        MeteredCalls.v2(v2Client.transport(peer.ukmsUrl(), auth, peer.peerTimeout()), stats,
            peer.id()), auth, out, stateFile, stats,
        listener, env.clock(), confirmedAt, fingerprint);
  }

  /** The mutual-TLS material for the peer's ETSI 004 key manager, or null for plain TCP. */
  static HandshakeCertificates etsi004Tls(UkmsConfig config, PeerConfig peer)
      throws ConfigException {
    Etsi004Settings km = peer.v2().etsi004();
    if (km.tls().caCert() == null) {
      return null;
    }
    try {
      return TlsMaterial.load(km.tls());
    } catch (IOException e) {
      throw new ConfigException(List.of(config.error(List.of("peers", peer.id(), "etsi004"),
          "TLS files unusable: " + e.getMessage())));
    }
  }

  /** The peer's ETSI 004 key manager behind the key-source seam, over its binding. */
  private KeySource etsi004(UkmsConfig config, PeerConfig peer) throws ConfigException {
    Etsi004Settings km = peer.v2().etsi004();
    Qos qos = Qos.wireGuard(km.timeoutMs(), km.ttlSeconds());
    HandshakeCertificates tls = etsi004Tls(config, peer);
    Etsi004Binding binding = switch (km.binding()) {
      case REST -> OkHttpRestBinding.create(http, km.host(), km.port(), tls, qos, mapper);
      case ETSI_BINARY -> Etsi004Binding.binary(tls == null
          ? SocketTransport.plain(km.host(), km.port(), qos)
          : SocketTransport.tls(tls.sslContext(), km.host(), km.port(), qos),
          BinaryCodec.v211());
    };
    // The initiator's stream and next index live in state_dir (E004-CL-03); a ksid fixed in
    // config is opened by both ends (use case 3).
    return new Etsi004KeySource(new Etsi004Client(binding, env.clock()), km.source(),
        km.destination(), qos, km.ksid() == null ? KeyStreamId.NULL : KeyStreamId.of(km.ksid()),
        new Etsi004StreamFile(config.stateDir(), peer.alias(), km.ksid() != null));
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

  /** The peer's ETSI 014 client, or null when it needs none (v2 pqc). */
  static KmeClient kme(UkmsConfig config, PeerConfig peer, OkHttpClient http,
      ObjectMapper mapper) throws ConfigException {
    if (peer.kme() == null) {
      return null;
    }
    try {
      return OkHttpKmeClient.create(peer.kme(), http, mapper);
    } catch (IOException e) {
      throw new ConfigException(List.of(config.error(List.of("peers", peer.id()),
          "TLS files unusable: " + e.getMessage())));
    }
  }
}
