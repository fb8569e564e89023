package org.ukms.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
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
 * (see README.md, "Configuration reference"). Strict: unknown keys, wrong types, missing keys and
 * bad values are all errors, and all of them are reported at once.
 */
public final class ConfigLoader {
  public static final Duration DEFAULT_ROTATION = Duration.ofSeconds(120);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_PEER_TIMEOUT = Duration.ofSeconds(10);

  /** Unreserved URL characters: safe as a path segment without encoding. */
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+");
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  private final Path workDir;
  private final List<ConfigError> errors = new ArrayList<>();
  private String file;
  private TomlParseResult root;

  private ConfigLoader(Path workDir) {
    this.workDir = workDir;
  }

  /** Loads {@code file}, resolving relative paths in it against {@code workDir}. */
  public static UkmsConfig load(Path file, Path workDir) throws ConfigException {
    return new ConfigLoader(workDir).read(file);
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
    root = Toml.parse(text);
    if (root.hasErrors()) {
      for (TomlParseError e : root.errors()) {
        errors.add(new ConfigError(file, e.position().line(), e.position().column(), "",
            "TOML syntax error: " + e.getMessage().replaceAll(" \\(line \\d+, column \\d+\\)$", "")));
      }
      throw new ConfigException(errors);
    }
    UkmsConfig config = top();
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return config;
  }

  private UkmsConfig top() {
    TableReader top = new TableReader(file, root, List.of(), root, errors);
    Duration rotation = seconds(top, "key_rotation_seconds", false,
        "seconds between rotations, e.g. 120").orElse(DEFAULT_ROTATION);
    Optional<Path> keyFolder = top.string("key_folder", true,
        "folder for the PSK files, e.g. \"/var/lib/ukms/psk\"").map(workDir::resolve);
    Optional<String> bind = top.string("ukms_bind", true,
        "address the peer API listens on, e.g. \"0.0.0.0\"");
    bind.filter(String::isBlank).ifPresent(b -> top.error("ukms_bind",
        "must not be empty (e.g. \"0.0.0.0\" or \"127.0.0.1\")"));
    Optional<Long> port = top.integer("ukms_port", true, "TCP port of the peer API, e.g. 8100");
    port.filter(p -> p < 1 || p > 65535).ifPresent(p -> top.error("ukms_port",
        p + " is out of range (use 1..65535)"));
    boolean fake = top.bool("enable_fake_qkd_api",
        "true serves the insecure uKMS fake KME on the peer port").orElse(false);
    Duration peerTimeout = seconds(top, "peer_timeout_seconds", false,
        "timeout for calls to a peer daemon, e.g. 10").orElse(DEFAULT_PEER_TIMEOUT);
    EtsiDraft etsi = etsi(top, EtsiDraft.DEFAULTS);
    Optional<TomlTable> peersTable = top.table("peers", true,
        "one [peers.<peer_id>] table per peer");
    top.rejectUnknown();

    List<PeerConfig> peers = new ArrayList<>();
    peersTable.ifPresent(t -> peers.addAll(peers(t, rotation, peerTimeout, etsi)));
    if (peersTable.isPresent() && peersTable.get().isEmpty()) {
      top.error("peers", "no peer configured (add a [peers.<peer_id>] table)");
    }
    if (!errors.isEmpty()) {
      return null;
    }
    return new UkmsConfig(Path.of(file), keyFolder.orElseThrow(), bind.orElseThrow(),
        port.orElseThrow().intValue(), fake, peers);
  }

  private List<PeerConfig> peers(TomlTable table, Duration rotation, Duration peerTimeout,
      EtsiDraft inherited) {
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
      peer(id, (TomlTable) value, rotation, peerTimeout, inherited, aliases)
          .ifPresent(peers::add);
    }
    return peers;
  }

  private Optional<PeerConfig> peer(String id, TomlTable table, Duration globalRotation,
      Duration globalPeerTimeout, EtsiDraft inherited, Map<String, String> aliases) {
    TableReader r = new TableReader(file, root, List.of("peers", id), table, errors);
    int before = errors.size();
    Optional<URI> etsiUrl = r.string("etsi_url", true,
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
    Protocol protocol = r.string("protocol", false, "\"ukms-v1\"")
        .flatMap(p -> {
          Optional<Protocol> known = Protocol.byName(p);
          if (known.isEmpty()) {
            r.error("protocol", "unknown protocol \"" + p + "\" (supported: \"ukms-v1\")");
          }
          return known;
        })
        .orElse(Protocol.UKMS_V1);
    EtsiDraft etsi = etsi(r, inherited);
    r.rejectUnknown();
    etsiUrl.ifPresent(u -> {
      if (u.getScheme().equals("http") && !isLoopback(u.getHost()) && !etsi.allowHttp) {
        r.error("etsi_url", "plain http:// to a non-loopback KME is refused "
            + "(use https://, or set etsi_allow_http = true to accept an unprotected link)");
      }
    });
    if (errors.size() > before) {
      return Optional.empty();
    }
    KmeSettings kme = new KmeSettings(etsiUrl.orElseThrow(), etsi.method,
        new TlsFiles(etsi.caCert, etsi.cert, etsi.key), etsi.connectTimeout, etsi.readTimeout);
    return Optional.of(new PeerConfig(id, alias.orElseThrow(), source.orElseThrow(),
        master.orElse(null), slave.orElseThrow(), ukmsUrl.orElseThrow(), kme, rotation,
        peerTimeout, protocol));
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
    return new EtsiDraft(method, caCert, certPath, keyPath, connect, read, allowHttp);
  }

  private Optional<Path> pemFile(TableReader r, String key, String hint) {
    return r.string(key, false, "path of a PEM file: " + hint).flatMap(p -> {
      Path resolved = workDir.resolve(p);
      if (!Files.isReadable(resolved)) {
        r.error(key, "cannot read \"" + resolved + "\" (check the path and its permissions)");
        return Optional.empty();
      }
      return Optional.of(resolved);
    });
  }

  private Optional<Duration> seconds(TableReader r, String key, boolean required, String hint) {
    return r.integer(key, required, hint).flatMap(s -> {
      if (s <= 0) {
        r.error(key, "must be positive, found " + s + " (" + hint + ")");
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
      Duration connectTimeout, Duration readTimeout, boolean allowHttp) {
    static final EtsiDraft DEFAULTS = new EtsiDraft(EtsiMethod.GET, null, null, null,
        DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, false);
  }
}
