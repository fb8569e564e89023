package org.ukms.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tomlj.TomlTable;
import org.ukms.core.SkipMessage;

/**
 * The {@code [skip]} table, {@code [skip.remote_systems]} and {@code [skip.encryptors.<identity>]}
 * (docs/skip.md, "Configuration"): read after the peers, since every remote system must map to a
 * v2 peer.
 */
final class SkipReader {
  static final String DEFAULT_ALGORITHM = "ukms-v2 qkd/pqc hybrid";
  static final Duration DEFAULT_KEY_TTL = Duration.ofSeconds(120);
  static final int DEFAULT_MAX_PENDING = 1024;
  static final int DEFAULT_MIN_BITS = 128;
  static final int DEFAULT_MAX_BITS = 512;
  static final int LARGEST_KEY_BITS = 4096;
  private static final Map<String, SkipSettings.PskFormat> FORMATS = TableReader.choices(
      SkipSettings.PskFormat.values(), SkipSettings.PskFormat::configName);

  private final LoadContext context;

  SkipReader(LoadContext context) {
    this.context = context;
  }

  /** The settings, or empty when the table has errors (all reported). */
  Optional<SkipSettings> read(TomlTable table, List<PeerConfig> peers, int ukmsPort) {
    TableReader r = context.reader(List.of("skip"), table);
    int before = context.errorCount();
    boolean remote = r.bool("allow_remote",
        "true lets listen name a non-loopback address").orElse(false);
    Optional<HostPort> listen = r.string("listen", true,
        "HOST:PORT of the TLS-PSK listener for encryptors, e.g. \"127.0.0.1:8443\"")
        .flatMap(value -> hostPort(r, value, remote, ukmsPort));
    Optional<String> local = r.string("local_system_id", true,
        "this Key Provider's localSystemID, e.g. \"Alice\"");
    local.filter(id -> !SkipMessage.SYSTEM_ID.matcher(id).matches() || id.matches(".*[*?\\[].*"))
        .ifPresent(id -> r.error("local_system_id", "expected 1 to 128 printable ASCII "
            + "characters without spaces or glob characters (* ? [), found \"" + id + "\""));
    String algorithm = r.string("algorithm", false, "the capabilities' algorithm text, default \""
        + DEFAULT_ALGORITHM + "\"").orElse(DEFAULT_ALGORITHM);
    if (!algorithm.matches("[\\x20-\\x7e]{1,128}")) {
      r.error("algorithm", "expected 1 to 128 printable ASCII characters");
    }
    Duration ttl = LoadContext.seconds(r, "key_ttl_seconds", false,
        "seconds an unfetched key is held, default 120").orElse(DEFAULT_KEY_TTL);
    long pending = r.integer("max_pending_keys", false,
        "keys held for encryptors at most, default " + DEFAULT_MAX_PENDING)
        .orElse((long) DEFAULT_MAX_PENDING);
    if (pending < 1 || pending > 1_000_000) {
      r.error("max_pending_keys", "must be in 1..1000000, found " + pending);
    }
    boolean entropy = r.bool("entropy", "true serves GET /entropy").orElse(true);
    boolean plain = r.bool("allow_plain_psk",
        "true also offers TLS_PSK_WITH_AES_256_GCM_SHA384 (no forward secrecy)").orElse(false);
    int min = bits(r, "min_key_bits", DEFAULT_MIN_BITS);
    int max = bits(r, "max_key_bits", DEFAULT_MAX_BITS);
    if (min > SkipSettings.DEFAULT_KEY_BITS) {
      r.error("min_key_bits", "must be at most " + SkipSettings.DEFAULT_KEY_BITS
          + " (the size of a GET /key without size), found " + min);
    }
    if (max < SkipSettings.DEFAULT_KEY_BITS) {
      r.error("max_key_bits", "must be at least " + SkipSettings.DEFAULT_KEY_BITS
          + " (the size of a GET /key without size), found " + max);
    }
    List<SkipSettings.RemoteSystem> systems = r.table("remote_systems", true,
        "[skip.remote_systems] mapping remoteSystemID (or a glob) to a v2 peer, e.g. Bob = \"bob\"")
        .map(t -> remoteSystems(r, t, peers)).orElse(List.of());
    List<SkipSettings.Encryptor> encryptors = r.table("encryptors", true,
        "one [skip.encryptors.<psk identity>] table per router, with psk_file")
        .map(t -> encryptors(r, t)).orElse(List.of());
    r.rejectUnknown();
    if (context.errorCount() > before) {
      return Optional.empty();
    }
    return Optional.of(new SkipSettings(listen.get().host(), listen.get().port(),
        remote, local.get(), algorithm, ttl, (int) pending, entropy, min, max, plain, systems,
        encryptors));
  }

  /** {@code HOST:PORT}; loopback unless {@code remote}; not the peer port. */
  private static Optional<HostPort> hostPort(TableReader r, String value, boolean remote,
      int ukmsPort) {
    Optional<HostPort> at = r.hostPort("listen", value, 1);
    if (at.isEmpty()) {
      return Optional.empty();
    }
    String host = at.get().host();
    int port = at.get().port();
    if (!remote && !LoadContext.isLoopback(host)) {
      r.error("listen", "\"" + value + "\" is not a loopback address; a Key Provider belongs next "
          + "to its encryptor (set allow_remote = true to allow it anyway)");
      return Optional.empty();
    }
    if (port == ukmsPort) {
      r.error("listen", "port " + port + " is ukms_port; SKIP never shares the peer port "
          + "(SKIP-SYNC-02)");
      return Optional.empty();
    }
    return at;
  }

  private static int bits(TableReader r, String key, int fallback) {
    long v = r.integer(key, false, "key size in bits, a multiple of 8, default " + fallback)
        .orElse((long) fallback);
    if (v < 64 || v > LARGEST_KEY_BITS || v % 8 != 0) {
      r.error(key, "must be a multiple of 8 in 64.." + LARGEST_KEY_BITS + ", found " + v);
      return fallback;
    }
    return (int) v;
  }

  private List<SkipSettings.RemoteSystem> remoteSystems(TableReader skip, TomlTable table,
      List<PeerConfig> peers) {
    TableReader r = context.reader(List.of("skip", "remote_systems"), table);
    List<SkipSettings.RemoteSystem> out = new ArrayList<>();
    for (String pattern : table.keySet()) {
      Optional<String> peer = r.string(pattern, false, "the id of a v2 peer, e.g. \"bob\"");
      if (peer.isEmpty()) {
        continue;
      }
      if (!SkipMessage.SYSTEM_ID.matcher(pattern).matches()) {
        r.error(pattern, "a remote system ID or glob is 1 to 128 printable ASCII characters "
            + "without spaces");
        continue;
      }
      Optional<PeerConfig> match = peers.stream().filter(p -> p.id().equals(peer.get()))
          .findFirst();
      if (match.isEmpty()) {
        r.error(pattern, "no peer \"" + peer.get() + "\" (peers: " + String.join(", ",
            peers.stream().map(PeerConfig::id).toList()) + ")");
      } else if (match.get().protocol() != Protocol.V2) {
        r.error(pattern, "peers." + peer.get() + " is a ukms-v1 peer; SKIP keys are "
            + "synchronised over protocol v2 only");
      } else {
        out.add(new SkipSettings.RemoteSystem(pattern, peer.get()));
      }
    }
    if (table.isEmpty()) {
      skip.error("remote_systems", "no remote system configured (GET /capabilities needs one)");
    }
    return out;
  }

  private List<SkipSettings.Encryptor> encryptors(TableReader skip, TomlTable table) {
    TableReader all = context.reader(List.of("skip", "encryptors"), table);
    List<SkipSettings.Encryptor> out = new ArrayList<>();
    for (String identity : table.keySet()) {
      Optional<TomlTable> t = all.table(identity, false, "[skip.encryptors." + identity
          + "] with psk_file");
      if (t.isEmpty()) {
        continue;
      }
      if (!identity.matches("[\\x21-\\x7e]{1,128}")) {
        all.error(identity, "a PSK identity is 1 to 128 printable ASCII characters without "
            + "spaces");
      }
      TableReader r = context.reader(List.of("skip", "encryptors", identity), t.get());
      Optional<Path> file = context.secretPath(r, "psk_file",
          "the encryptor's TLS PSK, one line, e.g. \"/etc/ukms/router-a.psk\"");
      if (!r.has("psk_file")) {
        r.missing("psk_file", "the encryptor's TLS PSK, one line");
      }
      file.filter(p -> !Files.isReadable(p)).ifPresent(p -> r.error("psk_file",
          "cannot read \"" + p + "\" (check the path and its permissions)"));
      file.ifPresent(p -> context.requirePrivate(r, "psk_file", p));
      SkipSettings.PskFormat format = r.choice("psk_format", FORMATS,
          "hex digits as IOS XE's key hex, or the ASCII bytes as key 0")
          .orElse(SkipSettings.PskFormat.HEX);
      List<String> scope = r.strings("remote_systems", "the remote systems (IDs or globs) this "
          + "encryptor may use, e.g. [\"Bob\"]; default all").orElse(List.of());
      if (scope.stream().anyMatch(p -> !p.matches("[\\x21-\\x7e]{1,128}"))) {
        r.error("remote_systems", "each entry is a remote system ID or glob of 1 to 128 "
            + "printable ASCII characters without spaces");
      }
      r.rejectUnknown();
      file.filter(Files::isReadable)
          .ifPresent(p -> out.add(new SkipSettings.Encryptor(identity, p, format, scope)));
    }
    if (table.isEmpty()) {
      skip.error("encryptors", "no encryptor configured (add [skip.encryptors.<psk identity>])");
    }
    return out;
  }
}
