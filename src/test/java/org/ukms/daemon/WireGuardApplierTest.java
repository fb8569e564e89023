package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ukms.core.Backoff;
import org.ukms.crypto.Secret;
import org.ukms.sink.PskSink;
import org.ukms.sink.SinkException;
import org.ukms.testing.LogCapture;
import org.ukms.testing.ManualClock;
import org.ukms.testing.ManualScheduler;

class WireGuardApplierTest {
  final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T00:00:00Z"));
  final ManualScheduler scheduler = new ManualScheduler(clock);
  final RotationStats stats = new RotationStats();
  /** A wg that fails while {@code failing}, and records the first byte of each PSK applied. */
  final List<Byte> applied = new ArrayList<>();
  boolean failing;
  final PskSink wg = new PskSink() {
    @Override
    public void install(Secret psk) throws SinkException {
      if (failing) {
        throw new SinkException("wg set wg0 peer X: exit 1", null);
      }
      applied.add(psk.reveal()[0]);
    }

    @Override
    public String toString() {
      return "wg set wg0 peer X";
    }
  };
  final WireGuardApplier applier = new WireGuardApplier("bob", wg, scheduler, clock,
      new Backoff(new SplittableRandom(1)), stats);

  static Secret psk(int first) {
    byte[] raw = new byte[32];
    raw[0] = (byte) first;
    return Secret.copyOf(raw);
  }

  @Test
  void install_whenWgFails_retriesTheSamePsk_untilItSticks_withoutThrowing() {
    try (LogCapture logs = new LogCapture()) {
      failing = true;
      Secret first = psk(1);
      applier.install(first);
      first.destroy(); // the session zeroes its PSK at once; the applier kept its own copy

      assertTrue(applier.retrying());
      assertEquals(1, stats.of("bob").wireguardFailures());
      scheduler.advance(Duration.ofSeconds(1));
      assertEquals(2, stats.of("bob").wireguardFailures(), "retried after the backoff");

      failing = false;
      scheduler.advance(Backoff.CAP);

      assertEquals(List.of((byte) 1), applied);
      assertFalse(applier.retrying());
      assertTrue(logs.lines.stream().anyMatch(l -> l.contains("peer=bob result=wireguard_failed "
          + "error=\"wg set wg0 peer X: exit 1\" retry_in_ms=")), logs.lines.toString());
      assertTrue(logs.lines.stream().anyMatch(l -> l.contains("result=wireguard_applied after_"
          + "failures=2")), logs.lines.toString());
    }
  }

  @Test
  void install_ofANewerPsk_replacesAPendingRetry() {
    failing = true;
    applier.install(psk(1));
    failing = false;
    applier.install(psk(2));
    scheduler.advance(Backoff.CAP.multipliedBy(2));

    assertEquals(List.of((byte) 2), applied, "the stale PSK is never applied after the new one");
    assertEquals(0, scheduler.pending());
  }

  @Test
  void close_dropsThePendingPsk() {
    failing = true;
    applier.install(psk(1));
    applier.close();
    failing = false;
    scheduler.advance(Backoff.CAP.multipliedBy(2));

    assertEquals(List.of(), applied);
    assertFalse(applier.retrying());
  }

  @Test
  void pskOutputs_aFailedFileWrite_stillReachesWireguard_thenReportsTheFileError() {
    PskSink brokenFile = psk -> {
      throw new SinkException("cannot write psk/bob.key: disk full", null);
    };
    PskOutputs outputs = new PskOutputs(brokenFile, applier);

    SinkException e = org.junit.jupiter.api.Assertions.assertThrows(SinkException.class,
        () -> outputs.install(psk(9)));

    assertEquals("cannot write psk/bob.key: disk full", e.getMessage());
    assertEquals(List.of((byte) 9), applied);
  }
}
