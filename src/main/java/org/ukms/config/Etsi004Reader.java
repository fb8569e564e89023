package org.ukms.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.tomlj.TomlTable;

/**
 * {@code key_source} and the {@code [peers.<id>.etsi004]} table: the ETSI GS QKD 004 key manager
 * a v2 peer takes its QKD keys from (docs/configuration.md).
 */
final class Etsi004Reader {
  static final Map<String, Boolean> SOURCES = Map.of("etsi014", false, "etsi004", true);
  static final long DEFAULT_TIMEOUT_MS = 2000;
  static final long DEFAULT_TTL_SECONDS = 3600;
  static final Map<String, Etsi004Settings.Binding> BINDINGS = TableReader.choices(
      Etsi004Settings.Binding.values(), Etsi004Settings.Binding::configName);
  static final String EXAMPLE_KSID = "123e4567-e89b-12d3-a456-426614174000";
  private final LoadContext context;

  Etsi004Reader(LoadContext context) {
    this.context = context;
  }

  /** Whether the peer table asks for ETSI 004 ({@code key_source = "etsi004"}). */
  static boolean wanted(TableReader r) {
    return r.choice("key_source", SOURCES, "where QKD keys come from").orElse(false);
  }

  /** The peer's {@code etsi004} table; empty (an error is reported) when it is missing or bad. */
  Optional<Etsi004Settings> read(TableReader peer, String id, String self) {
    Optional<TomlTable> table = peer.table("etsi004", true,
        "[peers." + id + ".etsi004] with the key manager's address, e.g. \"127.0.0.1:25575\"");
    if (table.isEmpty()) {
      return Optional.empty();
    }
    TableReader r = context.reader(List.of("peers", id, "etsi004"), table.get());
    int before = context.errorCount();
    Optional<String> address = r.string("address", true,
        "the key manager's ETSI 004 address, HOST:PORT");
    Optional<HostPort> at = address.flatMap(a -> r.hostPort("address", a, 1));
    String host = at.map(HostPort::host).orElse(null);
    int port = at.map(HostPort::port).orElse(0);
    String source = r.string("source", false, "our application URI, default ukms://<source_KME_ID>")
        .orElse("ukms://" + self);
    String destination = r.string("destination", false,
        "the peer's application URI, default ukms://<peer id>").orElse("ukms://" + id);
    for (String key : List.of("source", "destination")) {
      String uri = key.equals("source") ? source : destination;
      if (!uri.matches("[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+")) {
        r.error(key, "\"" + uri + "\" is not an absolute URI (e.g. ukms://alice)");
      }
    }
    long timeout = r.integer("timeout_ms", false, "QoS timeout in milliseconds, default 2000")
        .orElse(DEFAULT_TIMEOUT_MS);
    long ttl = r.integer("ttl_seconds", false, "QoS TTL in seconds, default 3600")
        .orElse(DEFAULT_TTL_SECONDS);
    if (timeout < 0 || timeout > 0xFFFF_FFFFL) {
      r.error("timeout_ms", "out of range (0..4294967295)");
    }
    if (ttl < 0 || ttl > 0xFFFF_FFFFL) {
      r.error("ttl_seconds", "out of range (0..4294967295)");
    }
    UUID ksid = fixedKsid(r);
    Optional<Path> ca = context.pemFile(r, "tls_cacert", "CA certificate(s) that sign the key manager's");
    Optional<Path> cert = context.pemFile(r, "tls_cert", "our client certificate");
    Optional<Path> key = context.pemFile(r, "tls_key", "private key of tls_cert (PKCS#8 PEM)");
    key.ifPresent(p -> context.requirePrivate(r, "tls_key", p));
    if (ca.isPresent() != cert.isPresent() || cert.isPresent() != key.isPresent()) {
      r.error("tls_cacert", "tls_cacert, tls_cert and tls_key go together (mutual TLS), or "
          + "none of them (plain TCP to a loopback key manager)");
    } else if (ca.isEmpty() && host != null && !LoadContext.isLoopback(host)) {
      r.error("address", "plain TCP to a non-loopback key manager is refused: set tls_cacert, "
          + "tls_cert and tls_key");
    }
    Etsi004Settings.Binding binding = r.choice("binding", BINDINGS, "the key manager's wire "
        + "binding").orElse(Etsi004Settings.Binding.ETSI_BINARY);
    r.rejectUnknown();
    if (context.errorCount() > before) {
      return Optional.empty();
    }
    return Optional.of(new Etsi004Settings(host, port, source, destination, timeout, ttl,
        new TlsFiles(ca.orElse(null), cert.orElse(null), key.orElse(null)), binding, ksid));
  }

  /** {@code ksid}: a key stream both ends open (use case 3), or null to agree one over v2. */
  private static UUID fixedKsid(TableReader r) {
    Optional<String> text = r.string("ksid", false,
        "the key stream ID both ends open, a UUID such as \"" + EXAMPLE_KSID + "\"");
    if (text.isEmpty()) {
      return null;
    }
    if (!org.ukms.core.KeyId.isValid(text.get())) {
      r.error("ksid", "expected a UUID such as \"" + EXAMPLE_KSID + "\", found \""
          + text.get() + "\"");
      return null;
    }
    UUID ksid = UUID.fromString(text.get());
    if (ksid.getMostSignificantBits() == 0 && ksid.getLeastSignificantBits() == 0) {
      r.error("ksid", "the all-zero (NULL) KSID asks the key manager for a new stream; "
          + "remove ksid to agree streams over the peer channel instead");
      return null;
    }
    return ksid;
  }
}
