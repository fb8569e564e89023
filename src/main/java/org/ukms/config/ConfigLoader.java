package org.ukms.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Reads and validates a ukms TOML file: every uKMS key as uKMS defines it, plus ukms's own keys
 * (see docs/configuration.md). Strict: unknown keys, wrong types, missing keys and
 * bad values are all errors, and all of them are reported at once.
 */
public final class ConfigLoader {
  public static final Duration DEFAULT_ROTATION = Duration.ofSeconds(120);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_PEER_TIMEOUT = Duration.ofSeconds(10);
  /** Largest value of a *_seconds key: a few of them added to now stay far inside Instant. */
  static final long MAX_SECONDS = 1_000_000_000L;

  /** Unreserved URL characters: safe as a path segment without encoding. */
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+");
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
  /** A Linux interface name: up to 15 bytes, no slash, colon or white space. */
  private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_=+.-]{1,15}");
  private static final Pattern WG_KEY = Pattern.compile("[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=");
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  private final Path workDir;
  private final SecretPaths secrets;
  private final List<ConfigError> errors = new ArrayList<>();
  private String file;
  private TomlParseResult root;

  private ConfigLoader(Path workDir, SecretPaths secrets) {
    this.workDir = workDir;
    this.secrets = secrets;
  }

  /** Loads {@code file}, resolving relative paths in it against {@code workDir}. */
  public static UkmsConfig load(Path file, Path workDir) throws ConfigException {
    return load(file, workDir, Map.of());
  }

  /**
   * Loads {@code file} as the daemon sees it in {@code environment}: under systemd, secret files
   * come from its credentials (see {@link SecretPaths}).
   */
  public static UkmsConfig load(Path file, Path workDir, Map<String, String> environment)
      throws ConfigException {
    return new ConfigLoader(workDir, SecretPaths.from(environment)).read(file);
  }

  private UkmsConfig read(Path path) throws ConfigException {
    file = path.toString();
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new ConfigException(List.of(new ConfigError(file, 1, 1, "",
          "cannot read the file (" + describe(e) + ")")));
    }
    try {
      root = Toml.parse(text);
    } catch (TomlParseError e) {
      // tomlj 1.1.1 throws, instead of collecting, a bad escape in a table header's quoted key.
      throw new ConfigException(List.of(syntaxError(e)));
    } catch (RuntimeException e) {
      // It also fails outright on some malformed values: 1979-05-27T07:32:05-2d, an offset it
      // cannot read, is a NullPointerException. A syntax error, though it has no position.
      throw new ConfigException(List.of(new ConfigError(file, 1, 1, "",
          "TOML syntax error somewhere in the file (the TOML parser failed with "
              + e.getClass().getSimpleName() + ")")));
    }
    if (root.hasErrors()) {
      for (TomlParseError e : root.errors()) {
        errors.add(syntaxError(e));
      }
      throw new ConfigException(errors);
    }
    UkmsConfig config = top();
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return config;
  }

  private ConfigError syntaxError(TomlParseError e) {
    return new ConfigError(file, e.position().line(), e.position().column(), "",
        "TOML syntax error: " + e.getMessage().replaceAll(" \\(line \\d+, column \\d+\\)$", ""));
  }

  private UkmsConfig top() {
    TableReader top = new TableReader(file, root, List.of(), root, errors);
    Duration rotation = seconds(top, "key_rotation_seconds", false,
        "seconds between rotations, e.g. 120").orElse(DEFAULT_ROTATION);
    Optional<Path> keyFolder = top.string("key_folder", false,
        "folder for the PSK files, e.g. \"/var/lib/ukms/psk\"")
        .flatMap(p -> path(top, "key_folder", p));
    PskFileNames pskFileNames = top.string("psk_file_names", false,
        "\"ukms\" (<alias>.key) or \"ukms-v1\" (wg2-<alias>.key, as uKMS writes)")
        .flatMap(n -> {
          Optional<PskFileNames> known = PskFileNames.byName(n);
          if (known.isEmpty()) {
            top.error("psk_file_names", "expected \"ukms\" (<alias>.key) or \"ukms-v1\" "
                + "(wg2-<alias>.key, as uKMS writes), found \"" + n + "\"");
          }
          return known;
        })
        .orElse(PskFileNames.UKMS);
    Optional<String> bind = top.string("ukms_bind", true,
        "address the peer API listens on, e.g. \"0.0.0.0\"");
    bind.filter(String::isBlank).ifPresent(b -> top.error("ukms_bind",
        "must not be empty (e.g. \"0.0.0.0\" or \"127.0.0.1\")"));
    Optional<Long> port = top.integer("ukms_port", true, "TCP port of the peer API, e.g. 8100");
    port.filter(p -> p < 1 || p > 65535).ifPresent(p -> top.error("ukms_port",
        p + " is out of range (use 1..65535)"));
    boolean fake = top.bool("enable_fake_qkd_api",
        "true serves a simulated KME on the peer port").orElse(false);
    FakeDraft fakeDraft = fakeQkd(top, fake);
    Duration peerTimeout = seconds(top, "peer_timeout_seconds", false,
        "timeout for calls to a peer daemon, e.g. 10").orElse(DEFAULT_PEER_TIMEOUT);
    Path stateDir = top.string("state_dir", false, "folder for v2 chain state, e.g. "
        + "\"/var/lib/ukms/state\"").flatMap(p -> path(top, "state_dir", p))
        .orElse(workDir.resolve("state"));
    Optional<AdminListen> admin = adminListen(top);
    EtsiDraft etsi = etsi(top, EtsiDraft.DEFAULTS);
    Optional<RotateHook> hook = hook(top, Optional.empty());
    Optional<TomlTable> peersTable = top.table("peers", true,
        "one [peers.<peer_id>] table per peer");
    top.rejectUnknown();

    List<PeerConfig> peers = new ArrayList<>();
    peersTable.ifPresent(t -> peers.addAll(peers(t, rotation, peerTimeout, etsi, hook)));
    if (peersTable.isPresent() && peersTable.get().isEmpty()) {
      top.error("peers", "no peer configured (add a [peers.<peer_id>] table)");
    }
    if (keyFolder.isEmpty() && !top.has("key_folder")) { // a bad one was reported above
      for (PeerConfig peer : peers) {
        if (peer.outputs().wireguard() == null) {
          top.missing("key_folder", "folder for the PSK files, e.g. \"/var/lib/ukms/psk\"; "
              + "it may be left out only when every peer has a [peers.<id>.wireguard] table, "
              + "and peers." + peer.id() + " has none");
          break;
        }
      }
    }
    if (!errors.isEmpty()) {
      return null;
    }
    FakeQkdConfig fakeQkd = fake ? fakeDraft.resolve(top, peers) : null;
    if (!errors.isEmpty()) {
      return null;
    }
    return new UkmsConfig(Path.of(file), keyFolder.orElse(null), pskFileNames,
        bind.orElseThrow(), port.orElseThrow().intValue(), fakeQkd, stateDir,
        admin.orElseGet(() -> AdminListen.defaultFor(stateDir)), peers, new KeyLocations(file, root));
  }

  /** {@code admin_listen} and {@code admin_listen_allow_remote}; empty means the default. */
  private Optional<AdminListen> adminListen(TableReader top) {
    boolean remote = top.bool("admin_listen_allow_remote",
        "true lets admin_listen name a non-loopback address").orElse(false);
    return top.string("admin_listen", false,
        "\"unix:PATH\" or \"HOST:PORT\" for /health, /metrics and /status, e.g. "
            + "\"127.0.0.1:9100\"")
        .flatMap(value -> {
          StringBuilder problem = new StringBuilder();
          Optional<AdminListen> parsed = AdminListen.parse(value, workDir, problem);
          if (parsed.isEmpty()) {
            top.error("admin_listen", problem + ", found \"" + value + "\"");
          } else if (!remote && !parsed.get().loopback()) {
            top.error("admin_listen", "\"" + value + "\" is not a loopback address; the admin "
                + "endpoint has no authentication (set admin_listen_allow_remote = true to "
                + "allow it anyway)");
            return Optional.empty();
          }
          return parsed;
        });
  }

  private List<PeerConfig> peers(TomlTable table, Duration rotation, Duration peerTimeout,
      EtsiDraft inherited, Optional<RotateHook> hook) {
    TableReader peersReader = new TableReader(file, root, List.of("peers"), table, errors);
    List<PeerConfig> peers = new ArrayList<>();
    Map<String, String> aliases = new HashMap<>();
    for (String id : table.keySet()) {
      peersReader.allow(id);
      Object value = table.get(List.of(id));
      if (!(value instanceof TomlTable)) {
        peersReader.error(id, "expected table, found a plain value (write [peers." + id + "])");
        continue;
      }
      if (!SEGMENT.matcher(id).matches()) {
        peersReader.error(id, "peer ID may hold only letters, digits and . _ ~ - "
            + "(it travels in URL paths)");
      }
      peer(id, (TomlTable) value, rotation, peerTimeout, inherited, hook, aliases)
          .ifPresent(peers::add);
    }
    return peers;
  }

  private Optional<PeerConfig> peer(String id, TomlTable table, Duration globalRotation,
      Duration globalPeerTimeout, EtsiDraft inherited, Optional<RotateHook> globalHook,
      Map<String, String> aliases) {
    TableReader r = new TableReader(file, root, List.of("peers", id), table, errors);
    int before = errors.size();
    Optional<URI> etsiUrl = r.string("etsi_url", false,
        "base URL of our KME, e.g. \"https://kme-a.example:8443\"").flatMap(u -> url(r, "etsi_url", u));
    Optional<URI> ukmsUrl = r.string("ukms_url", true,
        "base URL of the peer's ukms, e.g. \"http://192.0.2.2:8100\"").flatMap(u -> url(r, "ukms_url", u));
    Optional<String> alias = r.string("alias", true, "name of the PSK file, e.g. \"" + id + "\"");
    alias.ifPresent(a -> {
      if (!ALIAS.matcher(a).matches()) {
        r.error("alias", "\"" + a + "\" is not a plain file name "
            + "(letters, digits, . _ -; not starting with a dot)");
      } else if (aliases.containsKey(a)) {
        r.error("alias", "\"" + a + "\" is already the alias of peers." + aliases.get(a)
            + " (each peer needs its own PSK file)");
      } else {
        aliases.put(a, id);
      }
    });
    Optional<String> source = r.string("source_KME_ID", true,
        "our ID as the peer knows it: the name of the peer's table for us");
    source.filter(s -> !SEGMENT.matcher(s).matches()).ifPresent(s -> r.error("source_KME_ID",
        "may hold only letters, digits and . _ ~ - (it travels in URL paths)"));
    Optional<String> master = r.string("master_SAE_ID", false, "our own SAE ID");
    Optional<String> slave = r.string("slave_SAE_ID", true, "the peer's SAE ID at the KME");
    slave.filter(String::isEmpty).ifPresent(s -> r.error("slave_SAE_ID", "must not be empty"));
    Duration rotation = seconds(r, "key_rotation_seconds", false,
        "seconds between rotations for this peer").orElse(globalRotation);
    Duration peerTimeout = seconds(r, "peer_timeout_seconds", false,
        "timeout for calls to this peer's daemon").orElse(globalPeerTimeout);
    Protocol protocol = r.string("protocol", false, "\"ukms-v1\" or \"v2\"")
        .flatMap(p -> {
          Optional<Protocol> known = Protocol.byName(p);
          if (known.isEmpty()) {
            r.error("protocol", "unknown protocol \"" + p + "\" (supported: \"ukms-v1\", "
                + "\"v2\")");
          }
          return known;
        })
        .orElse(r.has("auth_key_file") ? Protocol.V2 : null);
    if (protocol == null && !r.has("protocol")) {
      r.missing("auth_key_file", "v2 is the default protocol: create a key with "
          + "ukms keygen FILE and set auth_key_file = \"FILE\" on both nodes, or set "
          + "protocol = \"ukms-v1\" for an original uKMS peer");
    }
    if (protocol == null) {
      protocol = Protocol.UKMS_V1; // an invalid protocol value was reported above
    }
    EtsiDraft etsi = etsi(r, inherited);
    V2Settings v2 = v2(r, protocol, rotation, etsiUrl.isPresent());
    Optional<RotateHook> hook = hook(r, globalHook);
    Optional<WireGuardPeer> wireguard = r.table("wireguard", false,
        "[peers." + id + ".wireguard] with interface and public_key")
        .flatMap(t -> wireguard(id, t));
    boolean pqcOnly = v2 != null && v2.mode() == org.ukms.core.V2Schedule.Mode.PQC;
    if (etsiUrl.isEmpty() && !pqcOnly && (protocol != Protocol.V2 || v2 != null)) {
      r.missing("etsi_url", "base URL of our KME, e.g. \"https://kme-a.example:8443\"");
    }
    r.rejectUnknown();
    etsiUrl.ifPresent(u -> {
      if (u.getScheme().equals("http") && !isLoopback(u.getHost()) && !etsi.allowHttp) {
        r.error("etsi_url", "plain http:// to a non-loopback KME is refused "
            + "(use https://, or set etsi_allow_http = true to accept an unprotected link)");
      }
      if (u.getScheme().equals("http") && etsi.kmeId != null) {
        r.error("etsi_url", "etsi_kme_id needs an https:// KME (the ID is read from its "
            + "certificate)");
      }
    });
    if (errors.size() > before) {
      return Optional.empty();
    }
    KmeSettings kme = etsiUrl.map(url -> new KmeSettings(url, etsi.method,
        new TlsFiles(etsi.caCert, etsi.cert, etsi.key), etsi.connectTimeout, etsi.readTimeout,
        etsi.kmeId, etsi.kmeIdField)).orElse(null);
    return Optional.of(new PeerConfig(id, alias.orElseThrow(), source.orElseThrow(),
        master.orElse(null), slave.orElseThrow(), ukmsUrl.orElseThrow(), kme, rotation,
        peerTimeout, protocol, v2, new PeerOutputs(wireguard.orElse(null), hook.orElse(null))));
  }

  /** The WireGuard peer whose preshared key ukms sets for this ukms peer. */
  private Optional<WireGuardPeer> wireguard(String id, TomlTable table) {
    TableReader r = new TableReader(file, root, List.of("peers", id, "wireguard"), table, errors);
    int before = errors.size();
    Optional<String> name = r.string("interface", true, "the WireGuard interface, e.g. \"wg0\"");
    name.filter(n -> !IFNAME.matcher(n).matches()).ifPresent(n -> r.error("interface",
        "\"" + n + "\" is not an interface name (1 to 15 of letters, digits and _ = + . -)"));
    Optional<String> key = r.string("public_key", true,
        "the WireGuard public key of the peer, as wg show prints it");
    key.filter(k -> !WG_KEY.matcher(k).matches()).ifPresent(k -> r.error("public_key",
        "not a WireGuard key (44 Base64 characters encoding 32 bytes, as wg pubkey prints)"));
    r.rejectUnknown();
    return errors.size() > before ? Optional.empty()
        : Optional.of(new WireGuardPeer(name.orElseThrow(), key.orElseThrow()));
  }

  /**
   * {@code on_rotate} and {@code on_rotate_timeout_seconds} of one table; a peer's own list
   * replaces the global one, and an empty list turns the hook off.
   */
  private Optional<RotateHook> hook(TableReader r, Optional<RotateHook> inherited) {
    Optional<List<String>> command = r.strings("on_rotate",
        "a command and its arguments, e.g. [\"/usr/local/bin/psk-changed\", \"wg0\"]");
    Optional<Duration> timeout = seconds(r, "on_rotate_timeout_seconds", false,
        "seconds before the hook is killed, default 10");
    if (command.isEmpty()) {
      return inherited.map(h -> new RotateHook(h.command(), timeout.orElse(h.timeout())));
    }
    if (command.get().isEmpty()) {
      return Optional.empty();
    }
    Path program;
    try {
      program = Path.of(command.get().get(0));
    } catch (InvalidPathException e) {
      r.error("on_rotate", "not a usable path (" + e.getReason() + ")");
      return Optional.empty();
    }
    if (!program.isAbsolute()) {
      r.error("on_rotate", "the command must be an absolute path (no shell and no PATH "
          + "search), found \"" + program + "\"");
      return Optional.empty();
    }
    if (!Files.isRegularFile(program) || !Files.isExecutable(program)) {
      r.error("on_rotate", "\"" + program + "\" is not an executable file");
      return Optional.empty();
    }
    return Optional.of(new RotateHook(command.get(),
        timeout.orElse(inherited.map(RotateHook::timeout).orElse(RotateHook.DEFAULT_TIMEOUT))));
  }

  /** The v2 keys of a peer; null for v1 peers, where setting any of them is an error. */
  private V2Settings v2(TableReader r, Protocol protocol, Duration rotation, boolean hasKme) {
    List<String> keys = List.of("auth_key_file", "mode", "psk_lifetime_seconds", "on_expiry",
        "auth_window_seconds");
    if (protocol != Protocol.V2) {
      keys.forEach(r::allow);
      for (String key : keys) {
        if (r.has(key)) {
          r.error(key, "is used only with protocol = \"v2\"");
        }
      }
      return null;
    }
    Optional<Path> authKey = r.string("auth_key_file", true,
        "the pair's auth key: ukms keygen FILE, copied to both nodes")
        .flatMap(p -> path(r, "auth_key_file", p)).map(secrets::resolve);
    authKey.filter(p -> !Files.isReadable(p)).ifPresent(p -> r.error("auth_key_file",
        "cannot read \"" + p + "\" (create it with: ukms keygen " + p + ")"));
    authKey.ifPresent(p -> requirePrivate(r, "auth_key_file", p));
    org.ukms.core.V2Schedule.Mode mode = r.string("mode", false,
        "\"qkd\", \"pqc\" or \"hybrid\"").map(m -> {
          switch (m) {
            case "qkd": return org.ukms.core.V2Schedule.Mode.QKD;
            case "pqc": return org.ukms.core.V2Schedule.Mode.PQC;
            case "hybrid": return org.ukms.core.V2Schedule.Mode.HYBRID;
            default:
              r.error("mode", "expected \"qkd\", \"pqc\" or \"hybrid\", found \"" + m + "\"");
              return null;
          }
        }).orElse(hasKme ? org.ukms.core.V2Schedule.Mode.HYBRID
            : org.ukms.core.V2Schedule.Mode.PQC);
    Duration lifetime = seconds(r, "psk_lifetime_seconds", false,
        "fail-closed deadline; default 3 x the period").orElse(rotation.multipliedBy(3));
    if (lifetime.compareTo(rotation) <= 0) {
      r.error("psk_lifetime_seconds", "must be longer than the rotation period ("
          + rotation.toSeconds() + " s)");
    }
    boolean keep = r.string("on_expiry", false, "\"random\" or \"keep\"").map(v -> {
      if (!v.equals("random") && !v.equals("keep")) {
        r.error("on_expiry", "expected \"random\" or \"keep\", found \"" + v + "\"");
      }
      return v.equals("keep");
    }).orElse(false);
    Duration window = seconds(r, "auth_window_seconds", false,
        "accepted clock difference, default 60").orElse(Duration.ofSeconds(60));
    if (mode == null || authKey.isEmpty()) {
      return null;
    }
    return new V2Settings(authKey.get(), mode, lifetime, keep, window);
  }

  /** The fake_qkd_* keys; they need enable_fake_qkd_api = true. */
  private FakeDraft fakeQkd(TableReader r, boolean enabled) {
    int before = errors.size();
    Optional<String> modeText = r.string("fake_qkd_mode", false, "\"link\" or \"ukms\"");
    Optional<Path> secret = r.string("fake_qkd_link_secret_file", false,
        "file with the Base64 link secret shared by both ends")
        .flatMap(p -> path(r, "fake_qkd_link_secret_file", p)).map(secrets::resolve);
    secret.filter(p -> !Files.isReadable(p)).ifPresent(p -> r.error("fake_qkd_link_secret_file",
        "cannot read \"" + p + "\" (check the path and its permissions)"));
    secret.ifPresent(p -> requirePrivate(r, "fake_qkd_link_secret_file", p));
    FakeQkdConfig.Mode mode = modeText.map(m -> {
      switch (m) {
        case "link": return FakeQkdConfig.Mode.LINK;
        case "ukms": return FakeQkdConfig.Mode.UKMS;
        default:
          r.error("fake_qkd_mode", "expected \"link\" or \"ukms\", found \"" + m + "\"");
          return null;
      }
    }).orElse(secret.isPresent() ? FakeQkdConfig.Mode.LINK : FakeQkdConfig.Mode.UKMS);
    if (mode == FakeQkdConfig.Mode.LINK && secret.isEmpty() && modeText.isPresent()) {
      r.error("fake_qkd_mode", "link mode needs fake_qkd_link_secret_file "
          + "(Base64 of 32 random bytes: head -c 32 /dev/urandom | base64)");
    }
    Optional<String> kmeId = r.string("fake_qkd_kme_id", false, "this KME's ID in Status");
    Optional<String> peerKmeId = r.string("fake_qkd_peer_kme_id", false,
        "the linked KME's ID in Status");
    Optional<String> sae = r.string("fake_qkd_sae_id", false,
        "the local SAE the fake KME serves");
    boolean allowRemote = r.bool("fake_qkd_allow_remote",
        "true lets non-loopback clients fetch keys").orElse(false);
    int keySize = positiveInt(r, "fake_qkd_key_size", "default key size in bits, e.g. 256", 256);
    if (keySize % 8 != 0 || keySize < 64 || keySize > 1024) {
      r.error("fake_qkd_key_size", "must be a multiple of 8 in 64..1024, found " + keySize);
    }
    int maxKeys = positiveInt(r, "fake_qkd_max_keys", "pool size per SAE pair", 1000);
    int perRequest = positiveInt(r, "fake_qkd_max_keys_per_request", "keys per request", 16);
    long rate = r.integer("fake_qkd_rate", false, "key generation in bits/s, e.g. 10000")
        .filter(v -> {
          if (v < 0 || v > 100_000_000) {
            r.error("fake_qkd_rate", "must be in 0..100000000 bits/s, found " + v);
          }
          return v >= 0 && v <= 100_000_000;
        }).orElse(10_000L);
    Duration ttl = r.integer("fake_qkd_key_ttl_seconds", false, "seconds; 0 = keys never expire")
        .map(v -> Duration.ofSeconds(Math.max(0, v))).orElse(Duration.ZERO);
    Duration latency = r.integer("fake_qkd_latency_ms", false, "added latency per request")
        .map(v -> Duration.ofMillis(Math.max(0, v))).orElse(Duration.ZERO);
    double unavailable = ratio(r, "fake_qkd_unavailable_ratio");
    double drop = ratio(r, "fake_qkd_drop_ratio");
    if (!enabled) {
      for (String key : List.of("fake_qkd_mode", "fake_qkd_link_secret_file", "fake_qkd_kme_id",
          "fake_qkd_peer_kme_id", "fake_qkd_sae_id", "fake_qkd_allow_remote", "fake_qkd_key_size",
          "fake_qkd_max_keys", "fake_qkd_max_keys_per_request", "fake_qkd_rate",
          "fake_qkd_key_ttl_seconds", "fake_qkd_latency_ms", "fake_qkd_unavailable_ratio",
          "fake_qkd_drop_ratio")) {
        if (r.has(key)) {
          r.error(key, "has no effect without enable_fake_qkd_api = true");
        }
      }
    }
    return errors.size() > before ? FakeDraft.INVALID : new FakeDraft(mode, secret.orElse(null),
        kmeId.orElse(null), peerKmeId.orElse("peer"), sae.orElse(null), allowRemote, keySize,
        maxKeys, perRequest, rate, ttl, latency, unavailable, drop);
  }

  private static int positiveInt(TableReader r, String key, String hint, int fallback) {
    return r.integer(key, false, hint).map(v -> {
      if (v < 1 || v > 1_000_000) {
        r.error(key, "must be in 1..1000000, found " + v);
        return fallback;
      }
      return v.intValue();
    }).orElse(fallback);
  }

  private static double ratio(TableReader r, String key) {
    return r.number(key, "a share of requests between 0 and 1").map(v -> {
      if (v < 0 || v > 1) {
        r.error(key, "must be between 0 and 1, found " + v);
        return 0.0;
      }
      return v;
    }).orElse(0.0);
  }

  /** The fake_qkd_* values before the peers are known (they supply the defaults of the IDs). */
  private record FakeDraft(FakeQkdConfig.Mode mode, Path secret, String kmeId, String peerKmeId,
      String sae, boolean allowRemote, int keySize, int maxKeys, int perRequest, long rate,
      Duration ttl, Duration latency, double unavailable, double drop) {
    static final FakeDraft INVALID = new FakeDraft(null, null, null, null, null, false, 0, 0, 0,
        0, null, null, 0, 0);

    /** Defaults: KME ID = the first peer's source_KME_ID; SAE = the peers' common master_SAE_ID. */
    FakeQkdConfig resolve(TableReader top, List<PeerConfig> peers) {
      if (mode == null) {
        return null;
      }
      String kme = kmeId != null ? kmeId : peers.isEmpty() ? "ukms" : peers.get(0).sourceKmeId();
      String local = sae;
      if (local == null) {
        List<String> masters = peers.stream().map(PeerConfig::masterSaeId).distinct().toList();
        if (masters.size() == 1 && masters.get(0) != null) {
          local = masters.get(0);
        } else if (mode == FakeQkdConfig.Mode.LINK) {
          top.error("fake_qkd_sae_id", "link mode needs the local SAE ID: set fake_qkd_sae_id, "
              + "or the same master_SAE_ID in every peer");
          return null;
        } else {
          local = "local";
        }
      }
      return new FakeQkdConfig(mode, secret, kme, peerKmeId, local, allowRemote, keySize,
          maxKeys, perRequest, rate, ttl, latency, unavailable, drop,
          peers.stream().map(PeerConfig::slaveSaeId).distinct().toList());
    }
  }

  /** The etsi_* keys of one table, each falling back to {@code inherited}. */
  private EtsiDraft etsi(TableReader r, EtsiDraft inherited) {
    EtsiMethod method = r.string("etsi_method", false, "\"GET\" or \"POST\"")
        .flatMap(m -> {
          try {
            return Optional.of(EtsiMethod.valueOf(m.toUpperCase(Locale.ROOT)));
          } catch (IllegalArgumentException e) {
            r.error("etsi_method", "expected \"GET\" or \"POST\", found \"" + m + "\"");
            return Optional.empty();
          }
        })
        .orElse(inherited.method);
    Path caCert = pemFile(r, "etsi_cacert", "CA certificate(s) that sign the KME's certificate")
        .orElse(inherited.caCert);
    Optional<Path> cert = pemFile(r, "etsi_cert", "our client certificate for the KME");
    Optional<Path> key = pemFile(r, "etsi_key", "private key of etsi_cert (PKCS#8 PEM)");
    key.ifPresent(p -> requirePrivate(r, "etsi_key", p));
    Path certPath = inherited.cert;
    Path keyPath = inherited.key;
    if (cert.isPresent() != key.isPresent()) {
      r.error(cert.isPresent() ? "etsi_cert" : "etsi_key",
          "etsi_cert and etsi_key go together (set both, or neither)");
    } else if (cert.isPresent()) {
      certPath = cert.get();
      keyPath = key.get();
    }
    Duration connect = seconds(r, "etsi_connect_timeout_seconds", false,
        "TCP/TLS connect timeout to the KME").orElse(inherited.connectTimeout);
    Duration read = seconds(r, "etsi_read_timeout_seconds", false,
        "read timeout for KME answers").orElse(inherited.readTimeout);
    boolean allowHttp = r.bool("etsi_allow_http",
        "true accepts plain http:// to a non-loopback KME").orElse(inherited.allowHttp);
    String kmeId = r.string("etsi_kme_id", false, "the KME ID its certificate must carry")
        .orElse(inherited.kmeId);
    String kmeIdField = r.string("etsi_kme_id_field", false,
        "\"cn\", \"san-uri\", \"san-dns\" or \"serial\"").filter(f -> {
          boolean ok = List.of("cn", "san-uri", "san-dns", "serial").contains(f);
          if (!ok) {
            r.error("etsi_kme_id_field", "expected \"cn\", \"san-uri\", \"san-dns\" or "
                + "\"serial\", found \"" + f + "\"");
          }
          return ok;
        }).orElse(inherited.kmeIdField);
    return new EtsiDraft(method, caCert, certPath, keyPath, connect, read, allowHttp, kmeId,
        kmeIdField);
  }

  private Optional<Path> pemFile(TableReader r, String key, String hint) {
    Optional<Path> resolved = r.string(key, false, "path of a PEM file: " + hint)
        .flatMap(p -> path(r, key, p)).map(secrets::resolve);
    resolved.filter(p -> !Files.isReadable(p)).ifPresent(p -> r.error(key,
        "cannot read \"" + p + "\" (check the path and its permissions)"));
    return resolved.filter(Files::isReadable);
  }

  /**
   * {@code text} resolved against the work folder; one that cannot be a path (it holds a NUL
   * character) is an error here rather than an exception.
   */
  private Optional<Path> path(TableReader r, String key, String text) {
    try {
      return Optional.of(workDir.resolve(text));
    } catch (InvalidPathException e) {
      r.error(key, "not a usable path (" + e.getReason() + ")");
      return Optional.empty();
    }
  }

  /** A readable secret file must also be private, unless systemd handed it over. */
  private void requirePrivate(TableReader r, String key, Path file) {
    if (Files.isReadable(file) && !secrets.isCredential(file)) {
      SecretFiles.problem(file).ifPresent(problem -> r.error(key, problem));
    }
  }

  private Optional<Duration> seconds(TableReader r, String key, boolean required, String hint) {
    return r.integer(key, required, hint).flatMap(s -> {
      if (s <= 0) {
        r.error(key, "must be positive, found " + s + " (" + hint + ")");
        return Optional.empty();
      }
      if (s > MAX_SECONDS) {
        r.error(key, "must be at most " + MAX_SECONDS + " (about 31 years), found " + s);
        return Optional.empty();
      }
      return Optional.of(Duration.ofSeconds(s));
    });
  }

  private static Optional<URI> url(TableReader r, String key, String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      r.error(key, "not a URL (" + e.getReason() + ")");
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      r.error(key, "expected an http:// or https:// URL, found \"" + text + "\"");
      return Optional.empty();
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      r.error(key, "expected scheme://host[:port][/path] with no user, query or fragment, found \""
          + text + "\"");
      return Optional.empty();
    }
    String trimmed = text.replaceAll("/+$", "");
    return Optional.of(URI.create(trimmed));
  }

  /** Loopback by literal only: config checks never touch DNS. */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.equals("[::1]") || h.equals("::1")
        || IPV4_LOOPBACK.matcher(h).matches();
  }

  private static String describe(IOException e) {
    String name = e.getClass().getSimpleName().replace("Exception", "");
    return name.isEmpty() ? "I/O error" : name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
  }

  /** The etsi_* settings while a table is being read; null paths mean "not set". */
  private record EtsiDraft(EtsiMethod method, Path caCert, Path cert, Path key,
      Duration connectTimeout, Duration readTimeout, boolean allowHttp, String kmeId,
      String kmeIdField) {
    static final EtsiDraft DEFAULTS = new EtsiDraft(EtsiMethod.GET, null, null, null,
        DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, false, null, "cn");
  }
}
