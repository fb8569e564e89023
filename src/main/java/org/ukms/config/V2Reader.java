package org.ukms.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ukms.core.V2Schedule;

/** The v2 keys of a peer table: auth key, mode, PSK lifetime, expiry policy, clock window. */
final class V2Reader {
  static final List<String> KEYS = List.of("auth_key_file", "mode", "psk_lifetime_seconds",
      "on_expiry", "auth_window_seconds");
  private static final Map<String, V2Schedule.Mode> MODES =
      TableReader.choices(V2Schedule.Mode.values(), V2Schedule.Mode::wireName);
  /** {@code on_expiry}: whether to keep the expired PSK. */
  private static final Map<String, Boolean> ON_EXPIRY =
      TableReader.choices(new Boolean[] {false, true}, keep -> keep ? "keep" : "random");

  private final LoadContext context;

  V2Reader(LoadContext context) {
    this.context = context;
  }

  /** The v2 keys of a peer; null for v1 peers, where setting any of them is an error. */
  V2Settings read(TableReader r, Protocol protocol, Duration rotation, boolean hasKme) {
    if (protocol != Protocol.V2) {
      KEYS.forEach(r::allow);
      for (String key : KEYS) {
        if (r.has(key)) {
          r.error(key, "is used only with protocol = \"v2\"");
        }
      }
      return null;
    }
    Optional<Path> authKey = r.string("auth_key_file", true,
        "the pair's auth key: ukms keygen FILE, copied to both nodes")
        .flatMap(p -> context.path(r, "auth_key_file", p)).map(context.secrets::resolve);
    authKey.filter(p -> !Files.isReadable(p)).ifPresent(p -> r.error("auth_key_file",
        AuthKeyHint.unreadable(p)));
    authKey.ifPresent(p -> context.requirePrivate(r, "auth_key_file", p));
    V2Schedule.Mode mode = r.choice("mode", MODES, "where the PSK material comes from")
        .orElse(hasKme ? V2Schedule.Mode.HYBRID : V2Schedule.Mode.PQC);
    Duration lifetime = LoadContext.seconds(r, "psk_lifetime_seconds", false,
        "fail-closed deadline; default 3 x the period").orElse(rotation.multipliedBy(3));
    if (lifetime.compareTo(rotation) <= 0) {
      r.error("psk_lifetime_seconds", "must be longer than the rotation period ("
          + rotation.toSeconds() + " s)");
    }
    boolean keep = r.choice("on_expiry", ON_EXPIRY, "what replaces an expired PSK")
        .orElse(false);
    Duration window = LoadContext.seconds(r, "auth_window_seconds", false,
        "accepted clock difference, default 60").orElse(Duration.ofSeconds(60));
    if (authKey.isEmpty()) {
      return null;
    }
    return new V2Settings(authKey.get(), mode, lifetime, keep, window);
  }
}
