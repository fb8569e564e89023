package org.ukms.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tomlj.TomlTable;
import org.ukms.core.V2Schedule;

/**
 * The {@code [peers.<id>]} tables, with their {@code wireguard} sub-tables and hooks. A peer
 * inherits the top level's rotation period, peer timeout, etsi_* keys and hook.
 */
final class PeerReader {
  /** Unreserved URL characters: safe as a path segment without encoding. */
  static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+");
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
  /** A Linux interface name: up to 15 bytes, no slash, colon or white space. */
  private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_=+.-]{1,15}");
  private static final Pattern WG_KEY = Pattern.compile("[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=");
  private static final Map<String, Protocol> PROTOCOLS =
      TableReader.choices(Protocol.values(), Protocol::configName);

  /** What a peer table falls back to. */
  record Inherited(Duration rotation, Duration peerTimeout, EtsiReader.Draft etsi,
      Optional<RotateHook> hook) {}

  private final LoadContext context;
  private final EtsiReader etsiReader;
  private final V2Reader v2Reader;
  private final Etsi004Reader etsi004Reader;
  private final Map<String, String> aliases = new HashMap<>();

  PeerReader(LoadContext context, EtsiReader etsiReader) {
    this.context = context;
    this.etsiReader = etsiReader;
    this.v2Reader = new V2Reader(context);
    this.etsi004Reader = new Etsi004Reader(context);
  }

  List<PeerConfig> peers(TomlTable table, Inherited inherited) {
    TableReader peersReader = context.reader(List.of("peers"), table);
    List<PeerConfig> peers = new ArrayList<>();
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
      peer(id, (TomlTable) value, inherited).ifPresent(peers::add);
    }
    return peers;
  }

  private Optional<PeerConfig> peer(String id, TomlTable table, Inherited inherited) {
    TableReader r = context.reader(List.of("peers", id), table);
    int before = context.errorCount();
    Optional<URI> etsiUrl = r.string("etsi_url", false,
        "base URL of our KME, e.g. \"https://kme-a.example:8443\"")
        .flatMap(u -> LoadContext.url(r, "etsi_url", u));
    Optional<URI> ukmsUrl = r.string("ukms_url", true,
        "base URL of the peer's ukms, e.g. \"http://192.0.2.2:8100\"")
        .flatMap(u -> LoadContext.url(r, "ukms_url", u));
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
    Duration rotation = LoadContext.seconds(r, "key_rotation_seconds", false,
        "seconds between rotations for this peer").orElse(inherited.rotation());
    Duration peerTimeout = LoadContext.seconds(r, "peer_timeout_seconds", false,
        "timeout for calls to this peer's daemon").orElse(inherited.peerTimeout());
    Protocol protocol = r.choice("protocol", PROTOCOLS, "the peer protocol")
        .orElse(r.has("auth_key_file") ? Protocol.V2 : null);
    if (protocol == null && !r.has("protocol")) {
      r.missing("auth_key_file", "v2 is the default protocol: create a key with "
          + "ukms keygen FILE and set auth_key_file = \"FILE\" on both nodes, or set "
          + "protocol = \"ukms-v1\" for an original uKMS peer");
    }
    if (protocol == null) {
      protocol = Protocol.UKMS_V1; // an invalid protocol value was reported above
    }
    EtsiReader.Draft etsi = etsiReader.read(r, inherited.etsi());
    boolean etsi004 = Etsi004Reader.wanted(r);
    Optional<Etsi004Settings> km004 = Optional.empty();
    if (etsi004 && protocol != Protocol.V2) {
      r.error("key_source", "ukms-v1 speaks ETSI 014 only (as uKMS); etsi004 needs protocol v2");
    } else if (etsi004) {
      km004 = etsi004Reader.read(r, id, source.orElse("self"));
      if (etsiUrl.isPresent()) {
        r.error("etsi_url", "key_source = \"etsi004\" takes keys from [peers." + id
            + ".etsi004], not from an ETSI 014 KME: remove etsi_url");
      }
    } else if (r.has("etsi004")) {
      r.allow("etsi004");
      r.error("etsi004", "[peers." + id + ".etsi004] is read only with key_source = \"etsi004\"");
    }
    V2Settings v2 = v2Reader.read(r, protocol, rotation, etsiUrl.isPresent() || etsi004);
    if (v2 != null && km004.isPresent()) {
      v2 = new V2Settings(v2.authKeyFile(), v2.mode(), v2.pskLifetime(), v2.keepOnExpiry(),
          v2.authWindow(), km004.get());
    }
    Optional<RotateHook> hook = hook(r, inherited.hook());
    Optional<WireGuardPeer> wireguard = r.table("wireguard", false,
        "[peers." + id + ".wireguard] with interface and public_key")
        .flatMap(t -> wireguard(id, t));
    boolean pqcOnly = v2 != null && v2.mode() == V2Schedule.Mode.PQC;
    if (etsiUrl.isEmpty() && !pqcOnly && !etsi004 && (protocol != Protocol.V2 || v2 != null)) {
      r.missing("etsi_url", "base URL of our KME, e.g. \"https://kme-a.example:8443\"");
    }
    r.rejectUnknown();
    etsiUrl.ifPresent(u -> {
      if (u.getScheme().equals("http") && !LoadContext.isLoopback(u.getHost())
          && !etsi.allowHttp()) {
        r.error("etsi_url", "plain http:// to a non-loopback KME is refused "
            + "(use https://, or set etsi_allow_http = true to accept an unprotected link)");
      }
      if (u.getScheme().equals("http") && etsi.kmeId() != null) {
        r.error("etsi_url", "etsi_kme_id needs an https:// KME (the ID is read from its "
            + "certificate)");
      }
    });
    if (context.errorCount() > before) {
      return Optional.empty();
    }
    KmeSettings kme = etsiUrl.map(etsi::settings).orElse(null);
    return Optional.of(new PeerConfig(id, alias.orElseThrow(), source.orElseThrow(),
        master.orElse(null), slave.orElseThrow(), ukmsUrl.orElseThrow(), kme, rotation,
        peerTimeout, protocol, v2, new PeerOutputs(wireguard.orElse(null), hook.orElse(null))));
  }

  /** The WireGuard peer whose preshared key ukms sets for this ukms peer. */
  private Optional<WireGuardPeer> wireguard(String id, TomlTable table) {
    TableReader r = context.reader(List.of("peers", id, "wireguard"), table);
    int before = context.errorCount();
    Optional<String> name = r.string("interface", true, "the WireGuard interface, e.g. \"wg0\"");
    name.filter(n -> !IFNAME.matcher(n).matches()).ifPresent(n -> r.error("interface",
        "\"" + n + "\" is not an interface name (1 to 15 of letters, digits and _ = + . -)"));
    Optional<String> key = r.string("public_key", true,
        "the WireGuard public key of the peer, as wg show prints it");
    key.filter(k -> !WG_KEY.matcher(k).matches()).ifPresent(k -> r.error("public_key",
        "not a WireGuard key (44 Base64 characters encoding 32 bytes, as wg pubkey prints)"));
    r.rejectUnknown();
    return context.errorCount() > before ? Optional.empty()
        : Optional.of(new WireGuardPeer(name.orElseThrow(), key.orElseThrow()));
  }

  /**
   * {@code on_rotate} and {@code on_rotate_timeout_seconds} of one table; a peer's own list
   * replaces the global one, and an empty list turns the hook off.
   */
  static Optional<RotateHook> hook(TableReader r, Optional<RotateHook> inherited) {
    Optional<List<String>> command = r.strings("on_rotate",
        "a command and its arguments, e.g. [\"/usr/local/bin/psk-changed\", \"wg0\"]");
    Optional<Duration> timeout = LoadContext.seconds(r, "on_rotate_timeout_seconds", false,
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
}
