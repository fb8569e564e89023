package org.ukms.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The top-level {@code fake_qkd_link*} and channel keys of the embedded fake QKD API. */
final class Bb84LinkReader {
  private static final Map<String, Boolean> LINKS = new LinkedHashMap<>();

  static {
    LINKS.put("prf", false);
    LINKS.put("bb84", true);
  }

  private Bb84LinkReader() {}

  /** The BB84 link, or null with {@code fake_qkd_link = "prf"} (the default) or on errors. */
  static Bb84LinkConfig read(TableReader r, boolean linkMode) {
    boolean bb84 = r.choice("fake_qkd_link", LINKS,
        "how linked fake KMEs agree on keys: \"prf\" or \"bb84\"").orElse(false);
    Optional<String> listen = r.string("fake_qkd_link_listen", false,
        "HOST:PORT where the other ends of BB84 links dial in");
    List<String> connect = r.strings("fake_qkd_link_connect",
        "HOST:PORT of each other end to dial").orElse(List.of());
    boolean eve = r.bool("fake_qkd_eavesdropper",
        "true puts an intercept-resend attacker on the links this end dials").orElse(false);
    double error = range(r, "fake_qkd_channel_error", 0, 0.5, Bb84LinkConfig.DEFAULT_ERROR);
    double loss = range(r, "fake_qkd_channel_loss_db", 0, 99,
        Bb84LinkConfig.DEFAULT_LOSS_DB);
    double efficiency = range(r, "fake_qkd_detector_efficiency", 0.001, 1,
        Bb84LinkConfig.DEFAULT_EFFICIENCY);
    listen.ifPresent(a -> r.hostPort("fake_qkd_link_listen", a, 0));
    connect.forEach(a -> r.hostPort("fake_qkd_link_connect", a, 1));
    if (!bb84) {
      for (String key : List.of("fake_qkd_link_listen", "fake_qkd_link_connect",
          "fake_qkd_eavesdropper", "fake_qkd_channel_error", "fake_qkd_channel_loss_db",
          "fake_qkd_detector_efficiency")) {
        if (r.has(key)) {
          r.error(key, "has no effect without fake_qkd_link = \"bb84\"");
        }
      }
      return null;
    }
    if (!linkMode) {
      r.error("fake_qkd_link", "\"bb84\" needs fake_qkd_link_secret_file (it authenticates the "
          + "link and names the keys)");
      return null;
    }
    if (listen.isEmpty() && connect.isEmpty()) {
      r.error("fake_qkd_link", "\"bb84\" needs fake_qkd_link_listen or fake_qkd_link_connect");
      return null;
    }
    return new Bb84LinkConfig(listen.orElse(null), connect, eve, error, loss, efficiency);
  }

  private static double range(TableReader r, String key, double min, double max,
      double fallback) {
    return r.number(key, "a number from " + min + " to " + max).map(v -> {
      if (v < min || v > max) {
        r.error(key, "must be between " + min + " and " + max + ", found " + v);
        return fallback;
      }
      return v;
    }).orElse(fallback);
  }

}
