package org.ukms.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ukms.crypto.Secret;
import org.ukms.testing.ManualClock;

class V1PeerRotationTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final Duration PERIOD = Duration.ofSeconds(120);
  private static final KeyId ID_A = new KeyId(PskV1Test.KEY_ID_A);
  private static final KeyId ID_B = new KeyId(PskV1Test.KEY_ID_B);

  private final ManualClock clock = new ManualClock(T0);
  private final V1PeerRotation rotation =
      new V1PeerRotation(clock, PERIOD, new Backoff(new SplittableRandom(7)));

  @Test
  void startRound_first_isNewThenRotate() {
    assertEquals(T0, rotation.due());
    assertEquals(V1PeerRotation.Call.NEW, rotation.startRound());
    rotation.roundFailed(Backoff.Failure.TRANSIENT);

    assertEquals(V1PeerRotation.Call.ROTATE, rotation.startRound());
  }

  @Test
  void roundSucceeded_withoutLocalHalf_installsNothingAndWaitsAPeriod() {
    rotation.startRound();
    clock.advance(Duration.ofMillis(300));

    Optional<Install> install = rotation.roundSucceeded(ID_B, PskV1Test.secret(PskV1Test.KB));

    assertTrue(install.isEmpty());
    assertEquals(T0.plusMillis(300).plus(PERIOD), rotation.due());
  }

  @Test
  void bothHalves_installTheUkmsV1Psk() {
    rotation.localKey(ID_A, PskV1Test.secret(PskV1Test.KA));
    rotation.startRound();

    Install install = rotation.roundSucceeded(ID_B, PskV1Test.secret(PskV1Test.KB)).orElseThrow();

    assertEquals(PskV1Test.PSK, PskV1Test.text(install.psk()));
    assertEquals(ID_A, install.localKeyId());
    assertEquals(ID_B, install.remoteKeyId());
  }

  @Test
  void localKey_replacingAHalf_destroysTheOldKey() {
    Secret first = PskV1Test.secret(PskV1Test.KA);
    rotation.localKey(ID_A, first);

    rotation.localKey(ID_B, PskV1Test.secret(PskV1Test.KB));

    assertTrue(first.isDestroyed());
  }

  @Test
  void roundFailed_backsOffAndKeepsTheLastPsk() {
    rotation.localKey(ID_A, PskV1Test.secret(PskV1Test.KA));
    rotation.startRound();
    rotation.roundSucceeded(ID_B, PskV1Test.secret(PskV1Test.KB));
    clock.advance(PERIOD);
    rotation.startRound();

    Duration delay = rotation.roundFailed(Backoff.Failure.TRANSIENT);

    assertTrue(delay.toMillis() >= 250 && delay.toMillis() <= 500);
    assertEquals(clock.instant().plus(delay), rotation.due());
    assertEquals(1, rotation.failures());
  }

  @Test
  void peerRestarted_clearsRemoteHalfAndMakesTheRoundDueNow() {
    rotation.localKey(ID_A, PskV1Test.secret(PskV1Test.KA));
    rotation.startRound();
    Secret remote = PskV1Test.secret(PskV1Test.KB);
    rotation.roundSucceeded(ID_B, remote);
    clock.advance(Duration.ofSeconds(5));

    rotation.peerRestarted();

    assertTrue(remote.isDestroyed());
    assertEquals(clock.instant(), rotation.due());
    assertTrue(rotation.localKey(ID_A, PskV1Test.secret(PskV1Test.KA)).isEmpty(),
        "no PSK until our next round fetches a fresh remote half");
  }

  @Test
  void peerRestarted_duringARound_redoesTheRoundAtOnceAfterIt() {
    rotation.startRound();
    rotation.peerRestarted();
    clock.advance(Duration.ofSeconds(1));

    rotation.roundSucceeded(ID_B, PskV1Test.secret(PskV1Test.KB));

    assertEquals(clock.instant(), rotation.due());
  }

  @Test
  void startRound_twice_isABug() {
    rotation.startRound();

    assertThrows(IllegalStateException.class, rotation::startRound);
    assertTrue(rotation.inFlight());
  }

  @Test
  void roundSucceeded_resetsTheBackoff() {
    rotation.startRound();
    rotation.roundFailed(Backoff.Failure.TRANSIENT);
    rotation.startRound();
    rotation.roundFailed(Backoff.Failure.TRANSIENT);
    rotation.startRound();

    rotation.roundSucceeded(ID_B, PskV1Test.secret(PskV1Test.KB));

    assertEquals(0, rotation.failures());
    assertFalse(rotation.inFlight());
  }

  @Test
  void firstDelay_makesTheFirstRoundDueLater() {
    V1PeerRotation spread = new V1PeerRotation(clock, PERIOD,
        new Backoff(new SplittableRandom(1)), Duration.ofMillis(700));

    assertEquals(T0.plusMillis(700), spread.due());
    assertEquals(V1PeerRotation.Call.NEW, spread.startRound());
  }
}
