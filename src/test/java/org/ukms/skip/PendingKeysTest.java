package org.ukms.skip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.ukms.testing.ManualClock;

/** {@link PendingKeys} on its own: copies, bounds, once-only, expiry and the spent-keyId memory. */
class PendingKeysTest {
  private static final String ID = "00112233445566778899aabbccddeeff";
  private final ManualClock clock = new ManualClock(SkipFixture.T0);
  private final PendingKeys store = PendingKeys.create(clock, Duration.ofSeconds(60), 2);

  @Test
  void deposit_copiesTheKey_soTheCallerMayZeroItsOwn() {
    byte[] key = {1, 2, 3};
    assertTrue(store.deposit("Alice", ID, key));
    java.util.Arrays.fill(key, (byte) 0);

    PendingKeys.Taken taken = store.take("Alice", ID);

    assertArrayEquals(new byte[] {1, 2, 3}, assertInstanceOf(PendingKeys.Key.class, taken).key());
  }

  @Test
  void take_wrongRemote_refusesAndKeepsTheKey() {
    store.deposit("Alice", ID, new byte[] {7});

    assertInstanceOf(PendingKeys.WrongRemote.class, store.take("Carol", ID));
    assertInstanceOf(PendingKeys.WrongRemote.class, store.take("alice", ID));
    assertInstanceOf(PendingKeys.Key.class, store.take("Alice", ID));
    assertInstanceOf(PendingKeys.Unknown.class, store.take("Alice", ID));
  }

  @Test
  void deposit_beyondTheBound_isRefusedUntilAKeyLeaves() {
    assertTrue(store.deposit("Alice", "01", new byte[] {1}));
    assertTrue(store.hasRoom());
    assertTrue(store.deposit("Alice", "02", new byte[] {2}));

    assertFalse(store.hasRoom(), "full: a sync is refused before it fetches a QKD key");
    assertFalse(store.deposit("Alice", "03", new byte[] {3}));
    store.take("Alice", "01");
    assertTrue(store.hasRoom());
    assertTrue(store.deposit("Alice", "03", new byte[] {3}));
    assertEquals(2, store.pendingCount());
  }

  @Test
  void deposit_malformedKeyIdOrEmptyKey_isRefused() {
    assertFalse(store.deposit("Alice", "xyz", new byte[] {1}));
    assertFalse(store.deposit("Alice", "", new byte[] {1}));
    assertFalse(store.deposit("Alice", ID, new byte[0]));
    assertEquals(0, store.pendingCount());
  }

  @Test
  void deposit_expiredKeyId_isRefusedForAnotherTtlThenForgotten() {
    store.deposit("Alice", ID, new byte[] {1});
    clock.advance(Duration.ofSeconds(60));
    assertEquals(1, store.sweep());

    clock.advance(Duration.ofSeconds(59));
    assertFalse(store.deposit("Alice", ID, new byte[] {2}), "expired keyId still remembered");
    clock.advance(Duration.ofSeconds(1));
    assertTrue(store.deposit("Alice", ID, new byte[] {2}), "forgotten one TTL after expiry");
  }

  @Test
  void take_justBeforeTheTtl_succeeds() {
    store.deposit("Alice", ID, new byte[] {1});
    clock.advance(Duration.ofSeconds(60).minusNanos(1));

    assertInstanceOf(PendingKeys.Key.class, store.take("Alice", ID));
  }

  @Test
  void sweep_expiresOnlyWhatIsDue() {
    store.deposit("Alice", "01", new byte[] {1});
    clock.advance(Duration.ofSeconds(30));
    store.deposit("Alice", "02", new byte[] {2});
    clock.advance(Duration.ofSeconds(30));

    assertEquals(1, store.sweep());
    assertEquals(1, store.pendingCount());
    assertInstanceOf(PendingKeys.Key.class, store.take("Alice", "02"));
  }

  @Test
  void close_zeroesAndRefusesEverythingAfter() {
    assertTrue(store.hasRoom());
    store.deposit("Alice", ID, new byte[] {5, 5});
    byte[] held = store.heldArrayForTest(ID);

    store.close();
    assertFalse(store.hasRoom());

    assertTrue(SkipFixture.allZero(held));
    assertInstanceOf(PendingKeys.Unknown.class, store.take("Alice", ID));
    assertFalse(store.deposit("Alice", "ab", new byte[] {1}));
  }

  @Test
  void deposit_whenTooManySpentKeyIdsAreRemembered_isRefusedUntilTheyAreForgotten() {
    for (int i = 0; i < 32; i++) { // 16 spent keyIds per pending slot
      String id = String.format("%04x", i);
      assertTrue(store.deposit("Alice", id, new byte[] {1}), id);
      assertInstanceOf(PendingKeys.Key.class, store.take("Alice", id));
    }

    assertFalse(store.deposit("Alice", "ffff", new byte[] {1}), "replay memory full: fail closed");
    clock.advance(Duration.ofSeconds(60));
    assertTrue(store.deposit("Alice", "ffff", new byte[] {1}));
  }
}
