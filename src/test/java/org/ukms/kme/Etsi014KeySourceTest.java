package org.ukms.kme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ukms.config.EtsiMethod;
import org.ukms.core.KeyId;
import org.ukms.core.KeyRef;
import org.ukms.core.KeySource;
import org.ukms.core.KeySourceException;
import org.ukms.crypto.Secret;
import org.ukms.sim.Faults;
import org.ukms.sim.KmeServer;
import org.ukms.sim.SimSettings;
import org.ukms.testing.ManualClock;
import org.ukms.testing.SimHarness;

/**
 * ETSI 014 behind the key-source seam, against two linked simulated KMEs over HTTP: the reference
 * of a fresh key at one end fetches the same key at the other; failures keep their kind.
 */
class Etsi014KeySourceTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final KmeServer kmeA = SimHarness.plain(
      SimSettings.defaults(SimSettings.Mode.LINK, "kme-a", "kme-b"), "alice", clock, Faults.NONE);
  private final KmeServer kmeB = SimHarness.plain(
      SimSettings.defaults(SimSettings.Mode.LINK, "kme-b", "kme-a"), "bob", clock, Faults.NONE);
  private final KeySource alice =
      new Etsi014KeySource(SimHarness.client(kmeA.url(), EtsiMethod.GET), "bob");
  private final KeySource bob =
      new Etsi014KeySource(SimHarness.client(kmeB.url(), EtsiMethod.GET), "alice");

  @AfterEach
  void stop() {
    kmeA.close();
    kmeB.close();
  }

  @Test
  void freshAtOneEnd_fetchedByItsReferenceAtTheOther_isTheSameKey() throws Exception {
    KeySource.Delivered fresh = alice.fresh();
    Secret fetched = bob.fetch(fresh.ref());

    assertTrue(KeyId.isValid(fresh.ref().value()), "an ETSI 014 reference is its key_ID");
    assertEquals(32, fresh.key().length());
    assertTrue(fresh.key().sameAs(fetched));
  }

  @Test
  void aReferenceThatIsNoKeyId_isRefusedBeforeAnyKmeCall_andNotRetriedSoon() {
    KeySourceException e = assertThrows(KeySourceException.class,
        () -> bob.fetch(new KeyRef("0f0e:17")));

    assertFalse(e.isTransient());
    assertEquals("key reference 0f0e:17 is not an ETSI 014 key_ID (a UUID)", e.getMessage());
  }

  @Test
  void aKmeThatIsDown_isATransientFailure() {
    kmeA.close();

    KeySourceException e = assertThrows(KeySourceException.class, alice::fresh);

    assertTrue(e.isTransient(), e.getMessage());
  }
}
