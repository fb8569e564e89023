package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ukms.core.KeyId;
import org.ukms.core.V1PeerRotation;
import org.ukms.kme.DeliveredKey;
import org.ukms.kme.KmeClient;
import org.ukms.kme.KmeStatus;
import org.ukms.kme.KmeUnavailableException;
import org.ukms.peer.PeerClient;

class RotationStatsTest {
  private final RotationStats stats = new RotationStats();

  private String scrape() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExpositionFormats.init().getPrometheusTextFormatWriter().write(out,
        stats.registry().scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void roundCompleted_movesTheRotationCounter_okAndFailedApart() throws Exception {
    stats.roundCompleted("bob");
    stats.roundCompleted("bob");
    stats.failed("bob");

    String text = scrape();

    assertTrue(text.contains("ukms_rotations_total{peer=\"bob\",result=\"ok\"} 2.0\n"), text);
    assertTrue(text.contains("ukms_rotations_total{peer=\"bob\",result=\"failed\"} 1.0\n"), text);
    assertEquals(2, stats.of("bob").rounds());
    assertEquals(1, stats.of("bob").failures());
  }

  @Test
  void everyEvent_countsUnderItsOwnMetric() throws Exception {
    stats.installed("bob", null, null, "fp");
    stats.wireguardFailed("bob");
    stats.hookRan("bob", false);
    stats.failedClosed("bob");
    stats.keyDiscarded("bob");

    String text = scrape();

    for (String line : List.of("ukms_installs_total{peer=\"bob\"} 1.0",
        "ukms_wireguard_apply_failures_total{peer=\"bob\"} 1.0",
        "ukms_hook_runs_total{peer=\"bob\"} 1.0", "ukms_hook_failures_total{peer=\"bob\"} 1.0",
        "ukms_fail_closed_total{peer=\"bob\"} 1.0",
        "ukms_qkd_keys_discarded_total{peer=\"bob\"} 1.0")) {
      assertTrue(text.contains(line + "\n"), line + " in\n" + text);
    }
    assertEquals("fp", stats.of("bob").fingerprint());
    assertEquals(1, stats.of("bob").count(RotationStats.Event.FAIL_CLOSED));
  }

  @Test
  void forget_removesEveryPeerSeries_andKeepsTheOthers() throws Exception {
    stats.roundCompleted("bob");
    stats.roundCompleted("carol");
    stats.kmeCall("bob", "enc_keys", Duration.ofMillis(20));
    stats.peerCall("bob", "offer", Duration.ofMillis(20));

    stats.forget("bob");
    String text = scrape();

    assertFalse(text.contains("peer=\"bob\""), text);
    assertTrue(text.contains("ukms_rotations_total{peer=\"carol\",result=\"ok\"} 1.0\n"), text);
    assertEquals(0, stats.of("bob").rounds());
  }

  @Test
  void meteredKme_timesEveryCall_failedOnesToo_andPassesTheFailureOn() throws Exception {
    KmeClient failing = new KmeClient() {
      @Override
      public KmeStatus status(String slave) throws KmeUnavailableException {
        throw new KmeUnavailableException("down", null);
      }

      @Override
      public List<DeliveredKey> encKeys(String slave, int n, int bits)
          throws KmeUnavailableException {
        throw new KmeUnavailableException("down", null);
      }

      @Override
      public List<DeliveredKey> decKeys(String master, List<KeyId> ids, int bits) {
        return List.of();
      }
    };
    KmeClient kme = MeteredCalls.kme(failing, stats, "bob");
    PeerClient peers = MeteredCalls.v1((url, src, call, timeout) -> null, stats, "bob");

    assertThrows(KmeUnavailableException.class, () -> kme.encKeys("bob", 1, 256));
    kme.decKeys("alice", List.of());
    peers.requestV1(null, "alice", V1PeerRotation.Call.NEW, Duration.ofSeconds(1));
    String text = scrape();

    assertTrue(text.contains(
        "ukms_kme_call_duration_seconds_count{call=\"enc_keys\",peer=\"bob\"} 1\n"), text);
    assertTrue(text.contains(
        "ukms_kme_call_duration_seconds_count{call=\"dec_keys\",peer=\"bob\"} 1\n"), text);
    assertTrue(text.contains(
        "ukms_peer_call_duration_seconds_count{call=\"rotate\",peer=\"bob\"} 1\n"), text);
    assertEquals(null, MeteredCalls.kme(null, stats, "bob"));
  }
}
