package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ukms.http.HttpRequest;
import org.ukms.testing.ManualClock;

/** The simulator's {@code /metrics}, made with the Prometheus client and judged by promtool. */
class SimMetricsTest {
  private final SimulatedKme store = new SimulatedKme(
      SimSettings.defaults(SimSettings.Mode.LINK, "kme-a", "kme-b"),
      org.ukms.crypto.Secret.copyOf(new byte[32]),
      new ManualClock(Instant.parse("2030-01-01T00:00:00Z")), UUID::randomUUID);
  private final EtsiFrontEnd front = new EtsiFrontEnd(store, CallerIdentity.fixed("sae-a"),
      a -> true, Faults.NONE, new com.fasterxml.jackson.databind.ObjectMapper());

  private int get(String target) {
    return front.handle(HttpRequest.of("GET", target, Map.of(), new byte[0],
        InetAddress.getLoopbackAddress())).status();
  }

  @Test
  void metrics_countRequestsByRouteAndStatus_keysAndPools() {
    assertEquals(200, get("/api/v1/keys/sae-b/enc_keys?number=2"));
    assertEquals(200, get("/api/v1/keys/sae-b/status"));
    assertEquals(400, get("/api/v1/keys/sae-b/enc_keys?number=0"));

    String text = front.metricsText();

    assertTrue(text.contains("ukms_sim_requests_total{route=\"enc_keys\",status=\"200\"} 1.0\n"),
        text);
    assertTrue(text.contains("ukms_sim_requests_total{route=\"enc_keys\",status=\"400\"} 1.0\n"),
        text);
    assertTrue(text.contains("ukms_sim_requests_total{route=\"status\",status=\"200\"} 1.0\n"),
        text);
    assertTrue(text.contains("ukms_sim_keys_delivered_total 2.0\n"), text);
    assertTrue(text.contains("# TYPE ukms_sim_pool_keys gauge\n"), text);
  }

  @Test
  void metrics_passPromtoolCheckMetrics() throws Exception {
    assumeTrue(onPath("promtool"), "promtool is not installed: skipped (Debian package "
        + "prometheus; .ci/run installs it)");
    get("/api/v1/keys/sae-b/enc_keys?number=1");
    get("/api/v1/keys/sae-b/nowhere");

    Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true)
        .start();
    p.getOutputStream().write(front.metricsText().getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));

    assertEquals(0, p.exitValue(), out);
    assertEquals("", out);
  }

  private static boolean onPath(String program) {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(folder.isEmpty() ? "." : folder, program))) {
        return true;
      }
    }
    return false;
  }
}
