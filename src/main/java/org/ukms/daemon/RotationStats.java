package org.ukms.daemon;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.ukms.core.KeyRef;

/**
 * Counters and call latencies per peer, for logs, {@code ukms demo}, tests and {@code /metrics}:
 * every {@link Event} of a peer, the last key_IDs and PSK fingerprint, and the time its KME and
 * peer calls took. Backed by its own {@link PrometheusRegistry} (one per daemon, never the global
 * default, so daemons and tests sharing a JVM never see each other's numbers). Holds no key
 * material. Thread-safe; the registry reads the counters at scrape time.
 */
public final class RotationStats {
  /**
   * What is counted per peer. A new counter is one constant here: its count in
   * {@link PeerStats#count}, and its metric (with label {@code peer}, and {@code label=value}
   * when given) on {@code /metrics}. Constants with the same metric name form one counter.
   */
  public enum Event {
    /** One of our rounds completed (peer call and KME fetch succeeded; v2: a PSK installed). */
    ROTATION_OK("ukms_rotations", "result", "ok",
        "Rotation rounds by result: ok (completed) or failed (a step failed; retried)."),
    /** A round, an answer to the peer or an install failed. */
    ROTATION_FAILED("ukms_rotations", "result", "failed", ROTATION_OK.help),
    /** A PSK was handed to the outputs (file, WireGuard, hooks). */
    INSTALL("ukms_installs", null, null, "PSKs installed (file, WireGuard, hooks)."),
    /** A {@code wg set} failed (it is retried). */
    WIREGUARD_FAILURE("ukms_wireguard_apply_failures", null, null,
        "Failed wg set runs (each is retried with backoff)."),
    /** An {@code on_rotate} hook ran. */
    HOOK_RUN("ukms_hook_runs", null, null, "on_rotate hook runs."),
    /** An {@code on_rotate} hook exited non-zero or timed out. */
    HOOK_FAILURE("ukms_hook_failures", null, null,
        "on_rotate hook runs that exited non-zero or timed out."),
    /** No rotation was confirmed within the PSK lifetime: a random PSK was installed. */
    FAIL_CLOSED("ukms_fail_closed", null, null,
        "Random PSKs installed because no rotation was confirmed within the PSK lifetime."),
    /** A QKD key was fetched but not used (its exchange was abandoned); the KME cannot reuse it. */
    QKD_KEY_DISCARDED("ukms_qkd_keys_discarded", null, null,
        "QKD keys fetched from the KME but discarded unused.");

    final String metric;
    final String label;
    final String labelValue;
    final String help;

    Event(String metric, String label, String labelValue, String help) {
      this.metric = metric;
      this.label = label;
      this.labelValue = labelValue;
      this.help = help;
    }
  }

  /** The latency histograms' buckets, in seconds: a LAN round trip up to a KME timeout. */
  static final double[] LATENCY_BUCKETS =
      {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

  private final PrometheusRegistry registry;
  private final Map<String, Peer> peers = new ConcurrentHashMap<>();
  private final Histogram kmeCalls;
  private final Histogram peerCalls;

  /** Statistics on a new registry of their own. */
  public RotationStats() {
    this(new PrometheusRegistry());
  }

  /** Statistics registered on {@code registry} (which must not hold ukms metrics yet). */
  public RotationStats(PrometheusRegistry registry) {
    this.registry = registry;
    Map<String, List<Event>> byMetric = new LinkedHashMap<>();
    for (Event e : Event.values()) {
      byMetric.computeIfAbsent(e.metric, m -> new java.util.ArrayList<>()).add(e);
    }
    byMetric.forEach((metric, events) -> {
      Event first = events.get(0);
      CounterWithCallback.builder().name(metric + "_total").help(first.help)
          .labelNames(first.label == null ? new String[] {"peer"}
              : new String[] {"peer", first.label})
          .callback(cb -> peers.forEach((peer, p) -> events.forEach(e -> {
            double n = p.counts.get(e.ordinal());
            if (e.label == null) {
              cb.call(n, peer);
            } else {
              cb.call(n, peer, e.labelValue);
            }
          })))
          .register(registry);
    });
    kmeCalls = Histogram.builder().name("ukms_kme_call_duration_seconds")
        .help("ETSI 014 calls to the KME, by call (enc_keys, dec_keys), failed ones included.")
        .labelNames("peer", "call").classicOnly().classicUpperBounds(LATENCY_BUCKETS)
        .register(registry);
    peerCalls = Histogram.builder().name("ukms_peer_call_duration_seconds")
        .help("Requests to the peer daemon, by call (v1 rotate, v2 offer or confirm), failed "
            + "ones included.")
        .labelNames("peer", "call").classicOnly().classicUpperBounds(LATENCY_BUCKETS)
        .register(registry);
  }

  /** The registry these statistics are registered on; {@code /metrics} adds its own gauges. */
  public PrometheusRegistry registry() {
    return registry;
  }

  /**
   * What is known about one peer's rotations: counts by {@link Event}, the last keys' references
   * (ETSI 014 key_IDs, or another source's, such as ETSI 004's {@code KSID:index}) and PSK.
   */
  public record PeerStats(Map<Event, Long> counts, KeyRef localKeyId, KeyRef remoteKeyId,
      String fingerprint) {
    static final PeerStats NONE = new PeerStats(Map.of(), null, null, null);

    public PeerStats {
      counts = Map.copyOf(counts);
    }

    public long count(Event event) {
      return counts.getOrDefault(event, 0L);
    }

    public long rounds() {
      return count(Event.ROTATION_OK);
    }

    public long installs() {
      return count(Event.INSTALL);
    }

    public long failures() {
      return count(Event.ROTATION_FAILED);
    }

    public long wireguardFailures() {
      return count(Event.WIREGUARD_FAILURE);
    }

    public long hookRuns() {
      return count(Event.HOOK_RUN);
    }

    public long hookFailures() {
      return count(Event.HOOK_FAILURE);
    }
  }

  /** Counts {@code event} for {@code peer}. */
  public void count(String peer, Event event) {
    peer(peer).counts.incrementAndGet(event.ordinal());
  }

  /** One of our rounds towards the peer completed (peer call and dec_keys succeeded). */
  void roundCompleted(String peer) {
    count(peer, Event.ROTATION_OK);
  }

  void installed(String peer, KeyRef local, KeyRef remote, String fingerprint) {
    Peer p = peer(peer);
    p.last = new Last(local, remote, fingerprint);
    p.counts.incrementAndGet(Event.INSTALL.ordinal());
  }

  void failed(String peer) {
    count(peer, Event.ROTATION_FAILED);
  }

  /** A {@code wg set} failed (it is retried). */
  void wireguardFailed(String peer) {
    count(peer, Event.WIREGUARD_FAILURE);
  }

  /** An {@code on_rotate} hook ran; {@code ok} is false for a non-zero exit or a timeout. */
  void hookRan(String peer, boolean ok) {
    count(peer, Event.HOOK_RUN);
    if (!ok) {
      count(peer, Event.HOOK_FAILURE);
    }
  }

  /** A random PSK was installed for {@code peer} (fail closed). */
  void failedClosed(String peer) {
    count(peer, Event.FAIL_CLOSED);
  }

  /** A QKD key fetched for {@code peer} was discarded unused. */
  void keyDiscarded(String peer) {
    count(peer, Event.QKD_KEY_DISCARDED);
  }

  /** A KME call ({@code enc_keys}, {@code dec_keys}) for {@code peer} took {@code took}. */
  void kmeCall(String peer, String call, Duration took) {
    kmeCalls.labelValues(peer, call).observe(seconds(took));
  }

  /** A request to the peer daemon ({@code rotate}, {@code offer}, {@code confirm}) took so long. */
  void peerCall(String peer, String call, Duration took) {
    peerCalls.labelValues(peer, call).observe(seconds(took));
  }

  public PeerStats of(String peer) {
    Peer p = peers.get(peer);
    if (p == null) {
      return PeerStats.NONE;
    }
    Map<Event, Long> counts = new EnumMap<>(Event.class);
    for (Event e : Event.values()) {
      counts.put(e, p.counts.get(e.ordinal()));
    }
    Last last = p.last;
    return new PeerStats(counts, last.local, last.remote, last.fingerprint);
  }

  /**
   * Drops everything about {@code peer} (a peer removed by a reload): its counts and every metric
   * series labelled with it. Counting for it again starts from zero.
   */
  public void forget(String peer) {
    peers.remove(peer);
    kmeCalls.removeIf(labels -> labels.get(0).equals(peer));
    peerCalls.removeIf(labels -> labels.get(0).equals(peer));
  }

  private Peer peer(String peer) {
    return peers.computeIfAbsent(peer, k -> new Peer());
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  private record Last(KeyRef local, KeyRef remote, String fingerprint) {}

  private static final class Peer {
    final AtomicLongArray counts = new AtomicLongArray(Event.values().length);
    volatile Last last = new Last(null, null, null);
  }
}
