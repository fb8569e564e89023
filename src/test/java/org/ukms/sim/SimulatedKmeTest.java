package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ukms.config.FakeQkdConfig;
import org.ukms.testing.ManualClock;
import org.ukms.testing.SimHarness;

/**
 * The store's memory stays bounded whatever SAE names callers put in paths: pools exist only for
 * listed peer SAEs, or for at most {@link SimulatedKme#MAX_POOLS} pairs without a list.
 */
class SimulatedKmeTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final SimSettings link = SimSettings.defaults(SimSettings.Mode.LINK, "kme-a", "kme-b");

  private SimulatedKme store(List<String> peers) {
    return new SimulatedKme(link, SimHarness.SECRET, clock, UUID::randomUUID, peers);
  }

  @Test
  void statusAndEncKeys_slaveNotAListedPeer_areRefused400_andKeepNoPool() {
    SimulatedKme kme = store(List.of("sae-b"));

    assertEquals(new SimAnswer.Refused(400, "unknown slave_SAE_ID sae-x"),
        kme.status("sae-a", "sae-x"));
    assertEquals(new SimAnswer.Refused(400, "unknown slave_SAE_ID sae-x"),
        kme.encKeys("sae-a", "sae-x", 1, 256));
    assertEquals(0, kme.poolLevels().size());
    assertInstanceOf(SimAnswer.Keys.class, kme.encKeys("sae-a", "sae-b", 1, 256));
    assertEquals(List.of("sae-a\0sae-b"), List.copyOf(kme.poolLevels().keySet()));
  }

  @Test
  void decKeys_masterNotAListedPeer_isRefused400_andConsumesNothing() {
    SimulatedKme a = store(List.of());
    String keyId = ((SimAnswer.Keys) a.encKeys("sae-a", "sae-b", 1, 256)).keys().get(0).id()
        .value();

    assertEquals(new SimAnswer.Refused(400, "unknown master_SAE_ID sae-a"),
        store(List.of("sae-c")).decKeys("sae-b", "sae-a", List.of(keyId)));
    SimulatedKme b = store(List.of("sae-a"));
    assertInstanceOf(SimAnswer.Keys.class, b.decKeys("sae-b", "sae-a", List.of(keyId)));
  }

  @Test
  void status_anyNumberOfSlaveNames_keepsNoPool() {
    SimulatedKme kme = store(List.of());

    for (int i = 0; i < 1000; i++) {
      assertInstanceOf(SimAnswer.Status.class, kme.status("sae-a", "slave-" + i));
    }

    assertEquals(0, kme.poolLevels().size());
  }

  @Test
  void encKeys_withoutAList_keepsAtMost64Pairs() {
    SimulatedKme kme = store(List.of());
    for (int i = 0; i < SimulatedKme.MAX_POOLS; i++) {
      assertInstanceOf(SimAnswer.Keys.class, kme.encKeys("sae-a", "slave-" + i, 1, 256));
    }

    assertEquals(new SimAnswer.Refused(400, "unknown slave_SAE_ID slave-64: this KME keeps keys "
        + "for at most 64 SAE pairs unless its peer SAEs are listed"),
        kme.encKeys("sae-a", "slave-64", 1, 256));
    assertEquals(64, kme.poolLevels().size());
    assertInstanceOf(SimAnswer.Keys.class, kme.encKeys("sae-a", "slave-7", 1, 256),
        "known pairs go on");
  }

  @Test
  void embedded_servesOnlyThePeersSlaveSaes() throws Exception {
    FakeQkdConfig config = new FakeQkdConfig(FakeQkdConfig.Mode.UKMS, null, "alice", "peer",
        "alice", false, 256, 1000, 16, 10_000, Duration.ZERO, Duration.ZERO, 0, 0,
        List.of("bob", "carol"));
    SimulatedKme kme = Simulators.embedded(config, clock, UUID::randomUUID,
        new SplittableRandom(1), new ObjectMapper()).store();

    assertInstanceOf(SimAnswer.Keys.class, kme.encKeys("alice", "carol", 1, 256));
    assertEquals(new SimAnswer.Refused(400, "unknown slave_SAE_ID mallory"),
        kme.encKeys("alice", "mallory", 1, 256));
    assertTrue(kme.status("alice", "bob") instanceof SimAnswer.Status);
  }
}
