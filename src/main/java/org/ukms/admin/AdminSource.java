package org.ukms.admin;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.ukms.daemon.PeerStatus;
import org.ukms.daemon.SkipStatus;

/**
 * What the admin endpoint reads: a snapshot of every peer session, the clock health is judged
 * by, the daemon's metrics registry, and the {@code wg} program that {@code /status} asks for
 * the PSKs WireGuard holds. The daemon gives its own; tests give a fixed clock and made-up
 * statuses.
 */
public interface AdminSource {
  /** A snapshot of every peer, in configuration order; called on every request. */
  List<PeerStatus> statuses();

  InstantSource clock();

  /** The daemon's registry (not the global default); the endpoint adds its gauges to it. */
  PrometheusRegistry registry();

  /** The {@code wg} program: {@code "wg"} (found on PATH) in production. */
  String wg();

  /** The SKIP Key Provider's snapshot, when the node is one. */
  default Optional<SkipStatus> skip() {
    return Optional.empty();
  }

  /** A source from its parts. */
  static AdminSource of(Supplier<List<PeerStatus>> statuses, InstantSource clock,
      PrometheusRegistry registry, String wg) {
    return of(statuses, clock, registry, wg, Optional::empty);
  }

  /** As above, with the SKIP Key Provider's snapshot. */
  static AdminSource of(Supplier<List<PeerStatus>> statuses, InstantSource clock,
      PrometheusRegistry registry, String wg, Supplier<Optional<SkipStatus>> skip) {
    Objects.requireNonNull(skip, "skip");
    Objects.requireNonNull(statuses, "statuses");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(wg, "wg");
    return new AdminSource() {
      @Override
      public List<PeerStatus> statuses() {
        return statuses.get();
      }

      @Override
      public InstantSource clock() {
        return clock;
      }

      @Override
      public PrometheusRegistry registry() {
        return registry;
      }

      @Override
      public String wg() {
        return wg;
      }

      @Override
      public Optional<SkipStatus> skip() {
        return skip.get();
      }
    };
  }
}
