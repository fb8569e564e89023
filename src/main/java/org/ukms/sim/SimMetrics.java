package org.ukms.sim;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request counters by route and status, keys delivered, and pool levels (S-29), in the Prometheus
 * text format. No key material, no key_IDs.
 */
final class SimMetrics {
  private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();

  void count(String route, int status) {
    requests.computeIfAbsent(route + "\0" + status, k -> new AtomicLong()).incrementAndGet();
  }

  String render(SimulatedKme store) {
    StringBuilder out = new StringBuilder();
    out.append("# TYPE ukms_sim_requests_total counter\n");
    new TreeMap<>(requests).forEach((key, n) -> {
      String[] parts = key.split("\0");
      out.append("ukms_sim_requests_total{route=\"").append(parts[0]).append("\",status=\"")
          .append(parts[1]).append("\"} ").append(n.get()).append('\n');
    });
    out.append("# TYPE ukms_sim_keys_delivered_total counter\n");
    out.append("ukms_sim_keys_delivered_total ").append(store.keysDelivered()).append('\n');
    out.append("# TYPE ukms_sim_pool_keys gauge\n");
    new TreeMap<>(store.poolLevels()).forEach((pair, n) -> {
      // The slave SAE ID comes from the request path and may itself hold NULs (%00).
      int cut = pair.indexOf('\0');
      out.append("ukms_sim_pool_keys{master=\"").append(escape(pair.substring(0, cut)))
          .append("\",slave=\"").append(escape(pair.substring(cut + 1))).append("\"} ")
          .append(n).append('\n');
    });
    return out.toString();
  }

  private static String escape(String label) {
    return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
