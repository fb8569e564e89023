package org.ukms.admin;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.ukms.daemon.FakeQkdLink;
import org.ukms.daemon.PeerStatus;
import org.ukms.daemon.SkipStatus;

/**
 * What the admin endpoint reads: a snapshot of every peer session, the clock health is judged
 * by, the daemon's metrics registry, the {@code wg} program that {@code /status} asks for the
 * PSKs WireGuard holds, and the SKIP Key Provider's and the embedded BB84 links' snapshots.
 * The daemon gives its own; tests give a fixed clock and made-up statuses.
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

  /** The BB84 links of the embedded fake QKD API, when it runs on them (no key material). */
  default List<FakeQkdLink> qkdLinks() {
    return List.of();
  }

  /** A source from its parts. */
  static AdminSource of(Supplier<List<PeerStatus>> statuses, InstantSource clock,
      PrometheusRegistry registry, String wg) {
    return of(statuses, clock, registry, wg, Optional::empty);
  }

  /** As above, with the SKIP Key Provider's snapshot. */
  static AdminSource of(Supplier<List<PeerStatus>> statuses, InstantSource clock,
      PrometheusRegistry registry, String wg, Supplier<Optional<SkipStatus>> skip) {
    return of(statuses, clock, registry, wg, skip, List::of);
  }

  /** As above, with the embedded fake QKD API's BB84 links. */
  static AdminSource of(Supplier<List<PeerStatus>> statuses, InstantSource clock,
      PrometheusRegistry registry, String wg, Supplier<Optional<SkipStatus>> skip,
      Supplier<List<FakeQkdLink>> qkdLinks) {
    Objects.requireNonNull(skip, "skip");
    Objects.requireNonNull(qkdLinks, "qkdLinks");
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

      @Override
      public List<FakeQkdLink> qkdLinks() {
        return qkdLinks.get();
      }
    };
  }
}
