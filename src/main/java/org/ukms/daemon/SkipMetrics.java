package org.ukms.daemon;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.IntSupplier;
import org.ukms.tlspsk.PskHttpHandler;
import org.ukms.tlspsk.PskHttpResponse;

/**
 * The SKIP Key Provider's metrics on the daemon's registry: answers by endpoint and status, keys
 * waiting for this node's encryptor, and keys that expired unfetched. Labels are fixed words
 * (never a keyId, a remote system or an identity), so a client cannot grow the series.
 */
final class SkipMetrics {
  private final Counter requests;
  private final Counter expired;

  SkipMetrics(PrometheusRegistry registry, IntSupplier pendingKeys) {
    requests = Counter.builder().name("ukms_skip_requests_total")
        .help("SKIP requests answered, by endpoint (capabilities, key, key_id, entropy, other) "
            + "and HTTP status.")
        .labelNames("endpoint", "status").register(registry);
    expired = Counter.builder().name("ukms_skip_expired_keys_total")
        .help("Synchronised SKIP keys zeroized unfetched after key_ttl_seconds.")
        .register(registry);
    GaugeWithCallback.builder().name("ukms_skip_pending_keys")
        .help("Synchronised SKIP keys waiting for this node's encryptor (GET /key/{keyId}).")
        .callback(cb -> cb.call(pendingKeys.getAsInt())).register(registry);
  }

  /** {@code handler}, counting each answer. */
  PskHttpHandler counting(PskHttpHandler handler) {
    return request -> {
      PskHttpResponse answer = handler.handle(request);
      requests.labelValues(endpoint(request.rawPath()), Integer.toString(answer.status())).inc();
      return answer;
    };
  }

  void expired(int keys) {
    expired.inc(keys);
  }

  /** The endpoint a raw path names, as a fixed label value. */
  static String endpoint(String rawPath) {
    if (rawPath.equals("/capabilities")) {
      return "capabilities";
    } else if (rawPath.equals("/key")) {
      return "key";
    } else if (rawPath.startsWith("/key/") && rawPath.length() > 5
        && rawPath.indexOf('/', 5) < 0) {
      return "key_id";
    } else if (rawPath.equals("/entropy")) {
      return "entropy";
    }
    return "other";
  }
}
