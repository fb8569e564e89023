package org.ukms.skip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ukms.core.Blob;
import org.ukms.core.SkipMessage;
import org.ukms.core.V2Schedule;

/**
 * Alice mints, Bob holds: the two ends of a SKIP key synchronisation through the real wire codec
 * (no HTTP; {@code SkipSyncHttpTest} adds the signed peer API), with a simulated QKD link.
 */
class SkipSyncTest {
  private final SkipPair pair = new SkipPair();
  private final List<SkipMessage.Sync> sent = new ArrayList<>();

  private SkipResponder bob(V2Schedule.Mode mode) {
    return pair.bob(mode, SkipPair.settings("Bob", "Ali*", "alice"));
  }

  @ParameterizedTest
  @EnumSource(V2Schedule.Mode.class)
  void mint_eachMode_bobHoldsTheSameKeyBoundToAlice(V2Schedule.Mode mode) throws Exception {
    SkipSync alice = pair.alice("Alice", mode, SkipPair.inMemory(bob(mode), sent));

    KeyMinter.Minted minted = alice.mint("Bob", "bob", 256);

    assertTrue(minted.keyIdHex().matches("[0-9a-f]{32}"), minted.keyIdHex());
    assertEquals(32, minted.key().length);
    assertArrayEquals(minted.key(), pair.bobStore.keys.get(minted.keyIdHex()));
    assertEquals("Alice", pair.bobStore.systems.get(minted.keyIdHex()));
    assertEquals(mode != V2Schedule.Mode.PQC, sent.get(0).keyRef() != null);
    assertEquals(mode != V2Schedule.Mode.QKD, sent.get(0).kemEk() != null);
  }

  @Test
  void mint_sizes128And512_giveThoseLengths_andNewKeyIdsEachTime() throws Exception {
    SkipSync alice = pair.alice("Alice", V2Schedule.Mode.HYBRID,
        SkipPair.inMemory(bob(V2Schedule.Mode.HYBRID), sent));

    KeyMinter.Minted small = alice.mint("Bob", "bob", 128);
    KeyMinter.Minted large = alice.mint("Bob", "bob", 512);

    assertEquals(16, small.key().length);
    assertEquals(64, large.key().length);
    assertArrayEquals(large.key(), pair.bobStore.keys.get(large.keyIdHex()));
    assertTrue(!small.keyIdHex().equals(large.keyIdHex()));
  }

  @Test
  void replayedSync_isRefusedAndNeverOverwrites_SKIP_SYNC_03() throws Exception {
    SkipResponder bob = bob(V2Schedule.Mode.PQC);
    SkipSync alice = pair.alice("Alice", V2Schedule.Mode.PQC, SkipPair.inMemory(bob, sent));
    KeyMinter.Minted minted = alice.mint("Bob", "bob", 256);

    SkipMessage again = bob.answer("alice", sent.get(0));

    assertEquals(SkipMessage.Reason.DUPLICATE, ((SkipMessage.Refused) again).reason());
    assertArrayEquals(minted.key(), pair.bobStore.keys.get(minted.keyIdHex()));
    assertEquals(1, pair.bobStore.keys.size());
  }

  @Test
  void fullStore_refusesTheSyncAsUnavailable_beforeFetchingTheQkdKey() {
    SkipResponder bob = bob(V2Schedule.Mode.QKD);
    SkipSync alice = pair.alice("Alice", V2Schedule.Mode.QKD, SkipPair.inMemory(bob, sent));
    pair.bobStore.full = true;

    SkipSyncException e = assertThrows(SkipSyncException.class,
        () -> alice.mint("Bob", "bob", 256));

    assertTrue(e.getMessage().contains("refused (unavailable)"), e.getMessage());
    assertEquals(1, pair.link.unfetched(), "Bob never fetched (and so never burnt) the QKD key");
    assertTrue(pair.bobStore.keys.isEmpty());
  }

  @Test
  void keyIdTheStoreAlreadyHolds_isRefused_SKIP_SYNC_03() throws Exception {
    SkipResponder bob = bob(V2Schedule.Mode.PQC);
    SkipSync alice = pair.alice("Alice", V2Schedule.Mode.PQC, sync -> {
      pair.bobStore.deposit("Alice", sync.keyId(), new byte[] {7});
      return SkipPair.inMemory(bob, sent).send(sync);
    });

    SkipSyncException e = assertThrows(SkipSyncException.class,
        () -> alice.mint("Bob", "bob", 256));

    assertTrue(e.getMessage().contains("refused (duplicate)"), e.getMessage());
    assertArrayEquals(new byte[] {7}, pair.bobStore.keys.values().iterator().next());
  }

  @Test
  void wrongSystemId_isRefused_andNothingIsHeld() {
    SkipSync mallory = pair.alice("Mallory", V2Schedule.Mode.HYBRID,
        SkipPair.inMemory(bob(V2Schedule.Mode.HYBRID), sent));

    SkipSyncException e = assertThrows(SkipSyncException.class,
        () -> mallory.mint("Bob", "bob", 256));

    assertEquals("key not synchronised with peer bob: refused (unknown_system): system "
        + "\"Mallory\" is not a remote system of peer alice here", e.getMessage());
    assertTrue(pair.bobStore.keys.isEmpty());
  }

  @Test
  void remoteSystemThatIsNotBob_isRefused() {
    SkipSync alice = pair.alice("Alice", V2Schedule.Mode.QKD,
        SkipPair.inMemory(bob(V2Schedule.Mode.QKD), sent));

    SkipSyncException e = assertThrows(SkipSyncException.class,
        () -> alice.mint("Carol", "bob", 256));

    assertTrue(e.getMessage().endsWith("this Key Provider is \"Bob\", not \"Carol\""),
        e.getMessage());
    assertTrue(pair.bobStore.keys.isEmpty());
  }

  @Test
  void modeMismatchAndSizeOutsideBobsLimits_areRefused() {
    SkipSync hybrid = pair.alice("Alice", V2Schedule.Mode.HYBRID,
        SkipPair.inMemory(bob(V2Schedule.Mode.QKD), sent));
    SkipSync qkd = pair.alice("Alice", V2Schedule.Mode.QKD,
        SkipPair.inMemory(bob(V2Schedule.Mode.QKD), sent));

    assertTrue(assertThrows(SkipSyncException.class, () -> hybrid.mint("Bob", "bob", 256))
        .getMessage().contains("refused (mode_mismatch)"));
    assertTrue(assertThrows(SkipSyncException.class, () -> qkd.mint("Bob", "bob", 1024))
        .getMessage().contains("size_bits 1024 outside 128..512"));
    assertTrue(pair.bobStore.keys.isEmpty());
  }

  @Test
  void peerDown_isSkipSyncException_SKIP_KEY_08() {
    SkipSync alice = pair.alice("Alice", V2Schedule.Mode.HYBRID,
        sync -> new SkipMessage.Failed("v2 skip at 127.0.0.1:9 failed: ConnectException"));

    SkipSyncException e = assertThrows(SkipSyncException.class,
        () -> alice.mint("Bob", "bob", 256));

    assertEquals("key not synchronised with peer bob: no answer: v2 skip at 127.0.0.1:9 failed: "
        + "ConnectException", e.getMessage());
  }

  @Test
  void qkdSourceDown_isSkipSyncException_beforeAnythingIsSent() {
    pair.link.down = true;
    SkipSync alice = pair.alice("Alice", V2Schedule.Mode.QKD,
        SkipPair.inMemory(bob(V2Schedule.Mode.QKD), sent));

    assertThrows(SkipSyncException.class, () -> alice.mint("Bob", "bob", 256));
    assertTrue(sent.isEmpty());
  }

  @Test
  void tamperedConfirmation_orAnotherAuthKey_failsKeyConfirmation() {
    SkipMessage.Channel honest = SkipPair.inMemory(bob(V2Schedule.Mode.PQC), sent);
    SkipSync alice = pair.alice("Alice", V2Schedule.Mode.PQC, sync -> {
      SkipMessage.Synced s = (SkipMessage.Synced) honest.send(sync);
      byte[] c = s.confirm().bytes();
      c[0] ^= 1;
      return new SkipMessage.Synced(s.kemCt(), Blob.of(c));
    });

    assertTrue(assertThrows(SkipSyncException.class, () -> alice.mint("Bob", "bob", 256))
        .getMessage().endsWith("its key confirmation does not verify"));
  }

  @Test
  void unknownPeer_isSkipSyncException() {
    SkipSync alice = pair.alice("Alice", V2Schedule.Mode.PQC, sync -> null);

    assertEquals("no v2 peer \"carol\" to synchronise with", assertThrows(
        SkipSyncException.class, () -> alice.mint("Carol", "carol", 256)).getMessage());
  }

  @Test
  void minted_toStringShowsNoKey() throws Exception {
    SkipSync alice = pair.alice("Alice", V2Schedule.Mode.PQC,
        SkipPair.inMemory(bob(V2Schedule.Mode.PQC), sent));
    KeyMinter.Minted minted = alice.mint("Bob", "bob", 256);

    assertEquals("Minted[keyId=" + minted.keyIdHex() + ", 32 bytes]", minted.toString());
  }
}
