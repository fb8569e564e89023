package org.ukms.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ukms.admin.AdminFixtures.PSK_FINGERPRINT;
import static org.ukms.admin.AdminFixtures.PSK_TEXT;
import static org.ukms.admin.AdminFixtures.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.daemon.RotationStats;
import org.ukms.exec.CommandRunner;
import org.ukms.http.HttpReply;
import org.ukms.http.HttpRequest;

class AdminRoutesTest {
  @TempDir Path dir;
  private AdminFixtures f;
  private AdminRoutes routes;

  @BeforeEach
  void setUp() throws Exception {
    f = new AdminFixtures(dir);
    routes = new AdminRoutes(f.source(), new CommandRunner(WireGuardKeys.OUTPUT_CAP));
  }

  private HttpReply get(String path) {
    return call("GET", path, Map.of());
  }

  private HttpReply call(String method, String path, Map<String, String> headers) {
    return routes.handle(HttpRequest.of(method, path, headers, new byte[0],
        InetAddress.getLoopbackAddress()));
  }

  private static String body(HttpReply reply) {
    return reply.text();
  }

  @Test
  void health_everyPeerConfirmedWithinLifetime_200Ready() throws Exception {
    f.statuses.add(peer("bob", Duration.ofMinutes(9), null, false));
    f.statuses.add(peer("carol", Duration.ofSeconds(1), null, false));

    HttpReply reply = get("/health");

    assertEquals(200, reply.status());
    assertEquals("ready\n", body(reply));
  }

  @Test
  void health_onePeerOlderThanItsLifetime_503NamingThatPeerOnly() throws Exception {
    f.statuses.add(peer("bob", Duration.ofMinutes(11), null, false));
    f.statuses.add(peer("carol", Duration.ofSeconds(1), null, false));
    f.statuses.add(peer("dave", null, null, false));

    HttpReply reply = get("/health");

    assertEquals(503, reply.status());
    assertEquals("bob: PSK is 660 s old, older than its lifetime of 600 s\n"
        + "dave: no confirmed PSK yet\n", body(reply));
  }

  @Test
  void health_turnsUnreadyOnceTheLifetimePasses() throws Exception {
    f.statuses.add(peer("bob", Duration.ofMinutes(9), null, false));
    assertEquals(200, get("/health").status());

    f.clock.advance(Duration.ofMinutes(1));

    assertEquals(503, get("/health").status());
    assertEquals(200, get("/health/live").status(), "live while running, healthy or not");
  }

  @Test
  void unknownPath_404_otherMethod_405WithAllowGet() {
    assertEquals(404, get("/").status());
    assertEquals(404, get("/healthz").status());
    assertEquals(404, get("/status/bob").status());
    HttpReply post = call("POST", "/status", Map.of());
    assertEquals(405, post.status());
    assertEquals("GET", post.header("Allow"));
    assertEquals(405, call("DELETE", "/metrics", Map.of()).status());
  }

  @Test
  void status_reportsEveryFieldAndMatchingFingerprints_neverThePsk() throws Exception {
    Path psk = dir.resolve("bob.key");
    AdminFixtures.writePsk(psk);
    f.statuses.add(peer("bob", Duration.ofSeconds(90), psk, true));
    f.statuses.add(peer("carol", null, null, false));

    HttpReply reply = get("/status");
    String text = body(reply);

    assertEquals(200, reply.status());
    assertEquals("application/json", reply.header("Content-Type"));
    assertFalse(text.contains(PSK_TEXT), "no PSK in the status");
    JsonNode root = new ObjectMapper().readTree(text);
    assertFalse(root.get("healthy").asBoolean(), "carol has no PSK yet");
    JsonNode bob = root.get("peers").get(0);
    assertEquals("bob", bob.get("peer").asText());
    assertEquals("v2", bob.get("protocol").asText());
    assertEquals("pqc", bob.get("mode").asText());
    assertEquals("none", bob.get("key_source").asText());
    assertEquals(7, bob.get("epoch").asLong());
    assertEquals("2030-01-01T11:58:30Z", bob.get("last_confirmed").asText());
    assertEquals(90, bob.get("psk_age_seconds").asLong());
    assertEquals(600, bob.get("lifetime_seconds").asLong());
    assertTrue(bob.get("healthy").asBoolean());
    assertTrue(bob.get("problem").isNull());
    assertEquals(0, bob.get("consecutive_failures").asLong());
    assertTrue(bob.get("last_error").isNull());
    assertEquals("2030-01-01T12:00:30Z", bob.get("next_rotation").asText());
    assertEquals(psk.toString(), bob.get("psk_file").asText());
    assertEquals("wg0", bob.get("wireguard").get("interface").asText());
    assertEquals(PSK_FINGERPRINT, bob.get("fingerprint").asText());
    assertEquals(PSK_FINGERPRINT, bob.get("fingerprint_on_disk").asText());
    assertEquals(PSK_FINGERPRINT, bob.get("fingerprint_in_wireguard").asText());
    assertTrue(bob.get("match").asBoolean());
    assertEquals(0, bob.get("counters").get("rotation_ok").asLong());

    JsonNode carol = root.get("peers").get(1);
    assertFalse(carol.get("healthy").asBoolean());
    assertEquals("no confirmed PSK yet", carol.get("problem").asText());
    assertTrue(carol.get("fingerprint_on_disk").isNull());
    assertTrue(carol.get("fingerprint_in_wireguard").isNull());
    assertTrue(carol.get("match").isNull(), "nothing to compare");
  }

  @Test
  void status_wireguardHoldsAnotherPsk_matchFalse() throws Exception {
    Path psk = dir.resolve("bob.key");
    AdminFixtures.writePsk(psk);
    f.wgShows(AdminFixtures.PUB_BOB + "\t" + "A".repeat(43) + "=\n");
    f.statuses.add(peer("bob", Duration.ofSeconds(90), psk, true));

    JsonNode bob = new ObjectMapper().readTree(body(get("/status"))).get("peers").get(0);

    assertEquals(PSK_FINGERPRINT, bob.get("fingerprint_on_disk").asText());
    assertFalse(bob.get("fingerprint_in_wireguard").asText().equals(PSK_FINGERPRINT));
    assertFalse(bob.get("match").asBoolean());
  }

  @Test
  void status_wgFails_errorFieldNamesTheCommand_andNoMatch() throws Exception {
    f.wgFails();
    f.statuses.add(peer("bob", Duration.ofSeconds(90), null, true));

    JsonNode bob = new ObjectMapper().readTree(body(get("/status"))).get("peers").get(0);

    assertTrue(bob.get("fingerprint_in_wireguard").isNull());
    assertEquals(f.wg + " show wg0 preshared-keys: exit 1: Unable to access interface: "
        + "No such device", bob.get("fingerprint_in_wireguard_error").asText());
    assertFalse(bob.get("match").asBoolean());
  }

  @Test
  void status_peerNotOnTheInterface_saysSo() throws Exception {
    f.wgShows("");
    f.statuses.add(peer("bob", Duration.ofSeconds(90), null, true));

    JsonNode bob = new ObjectMapper().readTree(body(get("/status"))).get("peers").get(0);

    assertEquals("peer " + AdminFixtures.PUB_BOB + " is not on wg0",
        bob.get("fingerprint_in_wireguard_error").asText());
  }

  @Test
  void metrics_prometheusTextByDefault_openMetricsWhenAsked() throws Exception {
    f.statuses.add(peer("bob", Duration.ofSeconds(90), null, false));
    f.stats.count("bob", RotationStats.Event.ROTATION_OK);
    new StatusGauges(f.stats.registry(), f.source());

    HttpReply text = get("/metrics");
    HttpReply open = call("GET", "/metrics",
        Map.of("Accept", "application/openmetrics-text; version=1.0.0"));

    assertEquals("text/plain; version=0.0.4; charset=utf-8", text.header("Content-Type"));
    String body = body(text);
    assertTrue(body.contains("ukms_rotations_total{peer=\"bob\",result=\"ok\"} 1.0\n"), body);
    assertTrue(body.contains("ukms_psk_age_seconds{peer=\"bob\"} 90.0\n"), body);
    assertTrue(body.contains("ukms_epoch{peer=\"bob\"} 7.0\n"), body);
    assertTrue(body.contains("ukms_peer_healthy{peer=\"bob\"} 1.0\n"), body);
    assertTrue(open.header("Content-Type").startsWith("application/openmetrics-text"));
    assertTrue(body(open).endsWith("# EOF\n"));
  }
}
