package org.ukms.sim;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Request counters by route and status, keys delivered, and pool levels (S-29), in the Prometheus
 * text format, on a registry of this front end's own (two simulated KMEs in one JVM never mix).
 * No key material, no key_IDs.
 */
final class SimMetrics {
  /** The media type of {@link #render()}: the Prometheus text format 0.0.4. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter requests;
  private final ExpositionFormatWriter writer =
      ExpositionFormats.init().getPrometheusTextFormatWriter();

  SimMetrics(SimulatedKme store) {
    requests = Counter.builder().name("ukms_sim_requests_total")
        .help("ETSI 014 requests by route (status, enc_keys, dec_keys, unknown) and HTTP status "
            + "(0: no answer, an injected drop)")
        .labelNames("route", "status").register(registry);
    CounterWithCallback.builder().name("ukms_sim_keys_delivered_total")
        .help("Keys handed out by enc_keys and dec_keys")
        .callback(cb -> cb.call(store.keysDelivered())).register(registry);
    GaugeWithCallback.builder().name("ukms_sim_pool_keys")
        .help("Keys left in the pool of each master and slave SAE pair")
        .labelNames("master", "slave")
        .callback(cb -> store.poolLevels().forEach((pair, n) -> {
          // The slave SAE ID comes from the request path and may itself hold NULs (%00).
          int cut = pair.indexOf('\0');
          cb.call(n, pair.substring(0, cut), pair.substring(cut + 1));
        }))
        .register(registry);
    store.bb84Links().ifPresent(links -> Bb84Metrics.register(registry, links));
  }

  void count(String route, int status) {
    requests.labelValues(route, Integer.toString(status)).inc();
  }

  String render() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
