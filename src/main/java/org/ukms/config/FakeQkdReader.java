package org.ukms.config;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The top-level {@code fake_qkd_*} keys; they need {@code enable_fake_qkd_api = true}. */
final class FakeQkdReader {
  static final List<String> KEYS = List.of("fake_qkd_mode", "fake_qkd_link_secret_file",
      "fake_qkd_kme_id", "fake_qkd_peer_kme_id", "fake_qkd_sae_id", "fake_qkd_allow_remote",
      "fake_qkd_key_size", "fake_qkd_max_keys", "fake_qkd_max_keys_per_request", "fake_qkd_rate",
      "fake_qkd_key_ttl_seconds", "fake_qkd_latency_ms", "fake_qkd_unavailable_ratio",
      "fake_qkd_drop_ratio", "fake_qkd_etsi004_listen",
      "fake_qkd_link", "fake_qkd_link_listen", "fake_qkd_link_connect",
      "fake_qkd_eavesdropper", "fake_qkd_channel_error", "fake_qkd_channel_loss_db",
      "fake_qkd_detector_efficiency");
  private static final Map<String, FakeQkdConfig.Mode> MODES = TableReader.choices(
      FakeQkdConfig.Mode.values(), m -> m.name().toLowerCase(java.util.Locale.ROOT));

  private final LoadContext context;

  FakeQkdReader(LoadContext context) {
    this.context = context;
  }

  /** The fake_qkd_* keys of the top level {@code r}. */
  Draft read(TableReader r, boolean enabled) {
    int before = context.errorCount();
    boolean modeSet = r.has("fake_qkd_mode");
    Optional<FakeQkdConfig.Mode> chosen = r.choice("fake_qkd_mode", MODES,
        "where the fake KME's keys come from");
    Optional<Path> secret = context.secretPath(r, "fake_qkd_link_secret_file",
        "file with the Base64 link secret shared by both ends");
    secret.filter(p -> !Files.isReadable(p)).ifPresent(p -> r.error("fake_qkd_link_secret_file",
        "cannot read \"" + p + "\" (check the path and its permissions)"));
    secret.ifPresent(p -> context.requirePrivate(r, "fake_qkd_link_secret_file", p));
    FakeQkdConfig.Mode mode = chosen.orElse(modeSet ? null
        : secret.isPresent() ? FakeQkdConfig.Mode.LINK : FakeQkdConfig.Mode.UKMS);
    if (mode == FakeQkdConfig.Mode.LINK && secret.isEmpty() && modeSet) {
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
    InetSocketAddress etsi004 = etsi004Listen(r, mode);
    Bb84LinkConfig bb84 = Bb84LinkReader.read(r, mode == FakeQkdConfig.Mode.LINK);
    if (!enabled) {
      for (String key : KEYS) {
        if (r.has(key)) {
          r.error(key, "has no effect without enable_fake_qkd_api = true");
        }
      }
    }
    return context.errorCount() > before ? Draft.INVALID : new Draft(mode, secret.orElse(null),
        kmeId.orElse(null), peerKmeId.orElse("peer"), sae.orElse(null), allowRemote, keySize,
        maxKeys, perRequest, rate, ttl, latency, unavailable, drop, etsi004, bb84);
  }

  /**
   * {@code fake_qkd_etsi004_listen}: where the fake KME also serves ETSI 004 (plain TCP, so
   * loopback only; link mode, whose secret both ends share).
   */
  private static InetSocketAddress etsi004Listen(TableReader r, FakeQkdConfig.Mode mode) {
    Optional<String> text = r.string("fake_qkd_etsi004_listen", false,
        "the loopback HOST:PORT where the fake KME serves ETSI 004, e.g. \"127.0.0.1:25575\"");
    if (text.isEmpty()) {
      return null;
    }
    Optional<HostPort> at = r.hostPort("fake_qkd_etsi004_listen", text.get(), 0);
    if (at.isEmpty()) {
      return null;
    }
    InetSocketAddress address = new InetSocketAddress(at.get().host(), at.get().port());
    if (address.isUnresolved() || !address.getAddress().isLoopbackAddress()) {
      r.error("fake_qkd_etsi004_listen", "the embedded ETSI 004 API is plain TCP and serves "
          + "loopback only, found \"" + text.get() + "\"");
      return null;
    }
    if (mode != null && mode != FakeQkdConfig.Mode.LINK) {
      r.error("fake_qkd_etsi004_listen", "ETSI 004 needs link mode: set "
          + "fake_qkd_link_secret_file (the secret both ends derive keys from)");
      return null;
    }
    return address;
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
  record Draft(FakeQkdConfig.Mode mode, Path secret, String kmeId, String peerKmeId,
      String sae, boolean allowRemote, int keySize, int maxKeys, int perRequest, long rate,
      Duration ttl, Duration latency, double unavailable, double drop,
      InetSocketAddress etsi004, Bb84LinkConfig bb84) {
    static final Draft INVALID = new Draft(null, null, null, null, null, false, 0, 0, 0,
        0, null, null, 0, 0, null, null);

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
      if (bb84 != null && etsi004 != null) {
        for (PeerConfig p : peers) {
          Etsi004Settings e = p.v2() == null ? null : p.v2().etsi004();
          if (e != null && e.ksid() != null && e.port() == etsi004.getPort()) {
            top.error("fake_qkd_link", "peers." + p.id() + ".etsi004.ksid: a KSID fixed in config "
                + "is refused by the embedded ETSI 004 API on a BB84 link (it names its own key "
                + "streams); remove ksid to agree one per stream");
            return null;
          }
        }
      }
      return new FakeQkdConfig(mode, secret, kme, peerKmeId, local, allowRemote, keySize,
          maxKeys, perRequest, rate, ttl, latency, unavailable, drop,
          peers.stream().map(PeerConfig::slaveSaeId).distinct().toList(), etsi004, bb84);
    }
  }
}
