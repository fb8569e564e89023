package org.ukms.admin;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.List;
import java.util.function.ToDoubleBiFunction;
import org.ukms.daemon.PeerStatus;

/**
 * The per-peer gauges that {@code /metrics} computes at scrape time from the sessions' status
 * snapshots: time of the last confirmed rotation, PSK age, epoch, consecutive failures, health.
 * A peer that is gone (removed by a reload) is simply absent from the next scrape. Registered on
 * the daemon's registry while the admin endpoint runs.
 */
final class StatusGauges implements AutoCloseable {
  private final PrometheusRegistry registry;
  private final List<GaugeWithCallback> gauges;

  StatusGauges(PrometheusRegistry registry, AdminSource source) {
    this.registry = registry;
    this.gauges = List.of(
        gauge(source, "ukms_last_confirmed_rotation_timestamp_seconds",
            "When the PSK in force was confirmed by both sides (v2) or installed (ukms-v1), "
                + "in Unix seconds; absent before the first.",
            (s, now) -> s.lastConfirmed() == null ? Double.NaN
                : s.lastConfirmed().toEpochMilli() / 1000.0),
        gauge(source, "ukms_psk_age_seconds",
            "Age of the PSK in force; absent before the first confirmed rotation.",
            (s, now) -> s.pskAge(now) == null ? Double.NaN : s.pskAge(now).toMillis() / 1000.0),
        gauge(source, "ukms_psk_lifetime_seconds",
            "How old the PSK may grow before the peer counts as unhealthy.",
            (s, now) -> s.lifetime().toSeconds()),
        gauge(source, "ukms_epoch", "The v2 epoch in force; absent for ukms-v1 peers.",
            (s, now) -> s.epoch() < 0 ? Double.NaN : s.epoch()),
        gauge(source, "ukms_consecutive_failures", "Failed rounds since the last success.",
            (s, now) -> s.consecutiveFailures()),
        gauge(source, "ukms_peer_healthy",
            "1 when the peer has a confirmed PSK younger than its lifetime, else 0 "
                + "(what /health reports).",
            (s, now) -> s.healthy(now) ? 1 : 0));
    gauges.forEach(registry::register);
  }

  /** A gauge over every peer; NaN means "no value": that peer's series is left out. */
  private static GaugeWithCallback gauge(AdminSource source, String name, String help,
      ToDoubleBiFunction<PeerStatus, Instant> value) {
    return GaugeWithCallback.builder().name(name).help(help).labelNames("peer")
        .callback(cb -> {
          Instant now = source.clock().instant();
          for (PeerStatus s : source.statuses()) {
            double v = value.applyAsDouble(s, now);
            if (!Double.isNaN(v)) {
              cb.call(v, s.peer());
            }
          }
        })
        .build();
  }

  @Override
  public void close() {
    gauges.forEach(registry::unregister);
  }
}
