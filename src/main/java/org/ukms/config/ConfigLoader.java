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
 * bad values are all errors, and all of them are reported at once. This class reads the file and
 * its top level; {@link PeerReader}, {@link EtsiReader}, {@link V2Reader},
 * {@link FakeQkdReader} and {@link SkipReader} read the rest, sharing one {@link LoadContext}.
 */
public final class ConfigLoader {
  private static final Map<String, PskFileNames> PSK_FILE_NAMES =
      TableReader.choices(PskFileNames.values(), PskFileNames::configName);
  public static final Duration DEFAULT_ROTATION = Duration.ofSeconds(120);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = EtsiReader.DEFAULT_CONNECT_TIMEOUT;
  public static final Duration DEFAULT_READ_TIMEOUT = EtsiReader.DEFAULT_READ_TIMEOUT;
  public static final Duration DEFAULT_PEER_TIMEOUT = Duration.ofSeconds(10);
  static final long MAX_SECONDS = LoadContext.MAX_SECONDS;


  private final Path workDir;
  private final SecretPaths secrets;
  private final List<ConfigError> errors = new ArrayList<>();
  private String file;
  private TomlParseResult root;
  private LoadContext context;

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
          "cannot read the file (" + IoErrors.cause(e) + ")")));
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
    context = new LoadContext(file, root, errors, workDir, secrets);
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
    TableReader top = context.reader(List.of(), root);
    Duration rotation = LoadContext.seconds(top, "key_rotation_seconds", false,
        "seconds between rotations, e.g. 120").orElse(DEFAULT_ROTATION);
    Optional<Path> keyFolder = top.string("key_folder", false,
        "folder for the PSK files, e.g. \"/var/lib/ukms/psk\"")
        .flatMap(p -> context.path(top, "key_folder", p));
    PskFileNames pskFileNames = top.choice("psk_file_names", PSK_FILE_NAMES,
        "\"ukms\" writes <alias>.key, \"ukms-v1\" wg2-<alias>.key as uKMS does")
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
    FakeQkdReader.Draft fakeDraft = new FakeQkdReader(context).read(top, fake);
    Duration peerTimeout = LoadContext.seconds(top, "peer_timeout_seconds", false,
        "timeout for calls to a peer daemon, e.g. 10").orElse(DEFAULT_PEER_TIMEOUT);
    Path stateDir = top.string("state_dir", false, "folder for v2 chain state, e.g. "
        + "\"/var/lib/ukms/state\"").flatMap(p -> context.path(top, "state_dir", p))
        .orElse(workDir.resolve("state"));
    Optional<AdminListen> admin = adminListen(top);
    EtsiReader etsiReader = new EtsiReader(context);
    EtsiReader.Draft etsi = etsiReader.read(top, EtsiReader.Draft.DEFAULTS);
    Optional<RotateHook> hook = PeerReader.hook(top, Optional.empty());
    Optional<TomlTable> peersTable = top.table("peers", true,
        "one [peers.<peer_id>] table per peer");
    Optional<TomlTable> skipTable = top.table("skip", false,
        "[skip]: this node as a SKIP Key Provider (docs/skip.md)");
    top.rejectUnknown();

    List<PeerConfig> peers = new ArrayList<>();
    PeerReader.Inherited inherited =
        new PeerReader.Inherited(rotation, peerTimeout, etsi, hook);
    peersTable.ifPresent(t -> peers.addAll(new PeerReader(context, etsiReader).peers(t,
        inherited)));
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
    Optional<SkipSettings> skip = skipTable.flatMap(t -> new SkipReader(context).read(t, peers,
        port.orElse(0L).intValue()));
    if (!errors.isEmpty()) {
      return null;
    }
    FakeQkdConfig fakeQkd = fake ? fakeDraft.resolve(top, peers) : null;
    if (!errors.isEmpty()) {
      return null;
    }
    return new UkmsConfig(Path.of(file), keyFolder.orElse(null), pskFileNames,
        bind.orElseThrow(), port.orElseThrow().intValue(), fakeQkd, stateDir,
        admin.orElseGet(() -> AdminListen.defaultFor(stateDir)), peers, new KeyLocations(file, root),
        skip.orElse(null));
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

  /** Loopback by literal only: config checks never touch DNS. */
  static boolean isLoopback(String host) {
    return LoadContext.isLoopback(host);
  }
}
