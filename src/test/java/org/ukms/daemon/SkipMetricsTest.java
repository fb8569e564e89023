package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.ukms.tlspsk.PskHttpHandler;
import org.ukms.tlspsk.PskHttpRequest;
import org.ukms.tlspsk.PskHttpResponse;

class SkipMetricsTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final AtomicInteger pending = new AtomicInteger();
  private final SkipMetrics metrics = new SkipMetrics(registry, pending::get);

  private String scrape() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  private static PskHttpRequest get(String target) {
    return new PskHttpRequest("GET", target, "router-a", InetAddress.getLoopbackAddress());
  }

  @Test
  void answersAreCountedByEndpointAndStatus_withFixedLabelsOnly() throws Exception {
    AtomicInteger status = new AtomicInteger(200);
    PskHttpHandler counted = metrics.counting(
        r -> PskHttpResponse.json(status.get(), "{}".getBytes(StandardCharsets.UTF_8)));
    counted.handle(get("/key?remoteSystemID=Bob"));
    counted.handle(get("/key?remoteSystemID=Bob&size=512"));
    status.set(400);
    counted.handle(get("/key/3f0c8a2e5b7d4c19a6e1f2d3c4b5a697?remoteSystemID=Alice"));
    status.set(404);
    counted.handle(get("/key/a/b"));
    pending.set(3);
    metrics.expired(2);

    String text = scrape();
    assertTrue(text.contains("ukms_skip_requests_total{endpoint=\"key\",status=\"200\"} 2.0"),
        text);
    assertTrue(text.contains("ukms_skip_requests_total{endpoint=\"key_id\",status=\"400\"} 1.0"),
        text);
    assertTrue(text.contains("ukms_skip_requests_total{endpoint=\"other\",status=\"404\"} 1.0"),
        text);
    assertTrue(text.contains("ukms_skip_pending_keys 3.0"), text);
    assertTrue(text.contains("ukms_skip_expired_keys_total 2.0"), text);
    assertFalse(text.contains("3f0c8a2e") || text.contains("router-a") || text.contains("Bob"),
        "no keyId, identity or system ID in a label: " + text);
  }

  @Test
  void endpoints() {
    assertEquals("capabilities", SkipMetrics.endpoint("/capabilities"));
    assertEquals("key", SkipMetrics.endpoint("/key"));
    assertEquals("key_id", SkipMetrics.endpoint("/key/00ff"));
    assertEquals("entropy", SkipMetrics.endpoint("/entropy"));
    assertEquals("other", SkipMetrics.endpoint("/key/"));
    assertEquals("other", SkipMetrics.endpoint("/keys"));
    assertEquals("other", SkipMetrics.endpoint("/"));
  }
}
