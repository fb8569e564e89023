package org.ukms.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ukms.crypto.Secret;
import org.ukms.crypto.V2Keys;
import org.ukms.testing.ManualClock;

/**
 * The product's v2 core ({@link V2Exchange}) in memory, two nodes wired back to back with an
 * honest network: every mode, alternating initiators, the recovery cases of docs/protocol-v2.md
 * section 6, a lying KME, and the epoch vectors of section 9. The hostile network is
 * {@code org.ukms.netsim.NetSimTest}.
 */
class V2ExchangeSimulationTest {
  private static final HexFormat HEX = HexFormat.of();
  private final SecureRandom random = new SecureRandom();
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final V2Keys keys = V2Keys.of(Secret.copyOf(new byte[32]));
  private final Secret ck0 = keys.initialChainKey("alice", "bob");

  V2Exchange node(String self, String other, V2Schedule.Mode mode, V2Chain chain) {
    return new V2Exchange(new V2Exchange.Settings(self, other, mode, Duration.ofSeconds(10),
        Duration.ofSeconds(1), Duration.ofSeconds(30), false), clock, new Backoff(random),
        random, chain, null, Duration.ZERO);
  }

  V2Exchange alice(V2Schedule.Mode mode) {
    return node("alice", "bob", mode, V2Chain.initial(ck0));
  }

  V2Exchange bob(V2Schedule.Mode mode) {
    return node("bob", "alice", mode, V2Chain.initial(ck0));
  }

  /** What each side installed; null where it installed nothing. */
  record Outcome(String initiatorPsk, String responderPsk) {}

  /** One exchange initiated by {@code i}; a lying KME gives R another key than I's. */
  Outcome exchange(V2Exchange i, V2Exchange r, boolean lyingKme) {
    String pskI = null;
    String pskR = null;
    byte[] kq = new byte[32];
    random.nextBytes(kq);
    KeyId id = new KeyId(UUID.randomUUID().toString());
    V2Decision d = i.startRound();
    for (int steps = 0; steps < 20; steps++) {
      if (d instanceof V2Decision.FetchKey f) {
        d = i.keyFetched(f.token(), org.ukms.core.KeyRef.of(id), Secret.copyOf(kq));
      } else if (d instanceof V2Decision.Send s) {
        V2Decision rd = s.request() instanceof V2Message.Offer o ? r.offerReceived(o)
            : r.confirmReceived((V2Message.Confirm) s.request());
        if (rd instanceof V2Decision.FetchPeerKey f) {
          byte[] k = kq.clone();
          k[0] ^= lyingKme ? 1 : 0;
          rd = r.peerKeyFetched(f.token(), Secret.copyOf(k));
        }
        if (rd instanceof V2Decision.Persist p) {
          p.state().destroy();
          rd = r.persisted(p.token());
        }
        if (rd instanceof V2Decision.Install in) {
          pskR = HEX.formatHex(in.psk().reveal());
          rd = new V2Decision.Reply(in.reply());
        }
        d = i.answered(s.token(), ((V2Decision.Reply) rd).answer());
      } else if (d instanceof V2Decision.Persist p) {
        p.state().destroy();
        d = i.persisted(p.token());
      } else if (d instanceof V2Decision.Install in) {
        pskI = HEX.formatHex(in.psk().reveal());
        d = V2Decision.NONE;
      } else {
        break;
      }
    }
    return new Outcome(pskI, pskR);
  }

  /** A node restarted from {@code other}'s chain as it was saved (a copy, not shared). */
  V2Exchange restartedFrom(String self, String peer, V2Chain saved, V2Schedule.Mode mode) {
    return node(self, peer, mode, new V2Chain(ck0, saved.epoch(), saved.currentChainKey(),
        saved.previousEpoch(), saved.previousChainKey()));
  }

  /** Runs rounds, alternately initiated, until both sides installed the same PSK. */
  Outcome converge(V2Exchange a, V2Exchange b) {
    for (int n = 0; n < 6; n++) {
      Outcome o = n % 2 == 0 ? exchange(a, b, false) : exchange(b, a, false);
      if (o.initiatorPsk() != null && o.initiatorPsk().equals(o.responderPsk())) {
        return o;
      }
    }
    throw new AssertionError("no convergence");
  }

  @Test
  void exchange_everyMode_bothSidesInstallTheSamePskAndAdvance() {
    for (V2Schedule.Mode mode : V2Schedule.Mode.values()) {
      V2Exchange a = alice(mode);
      V2Exchange b = bob(mode);

      Outcome o = exchange(a, b, false);

      assertEquals(o.initiatorPsk(), o.responderPsk(), mode.toString());
      assertTrue(o.initiatorPsk() != null);
      assertEquals(1, a.epoch());
      assertEquals(1, b.epoch());
      assertEquals(a.chainId(), b.chainId());
    }
  }

  @Test
  void rotations_alternatingInitiators_giveEqualAndDistinctPsks() {
    V2Exchange a = alice(V2Schedule.Mode.HYBRID);
    V2Exchange b = bob(V2Schedule.Mode.HYBRID);
    Set<String> seen = new HashSet<>();
    for (int n = 0; n < 10; n++) {
      Outcome o = n % 2 == 0 ? exchange(a, b, false) : exchange(b, a, false);
      assertEquals(o.initiatorPsk(), o.responderPsk());
      assertTrue(seen.add(o.initiatorPsk()), "a fresh PSK every time");
    }
    assertEquals(10, a.epoch());
    assertEquals(10, b.epoch());
  }

  @Test
  void initiatorLostTheAck_responderAhead_nextExchangeRunsFromThePreviousKey() {
    V2Chain savedA = V2Chain.initial(ck0);
    V2Exchange a = node("alice", "bob", V2Schedule.Mode.QKD, savedA);
    V2Exchange b = bob(V2Schedule.Mode.QKD);
    exchange(a, b, false);
    // alice restarts from her epoch-1 state after bob installed epoch 2 but before she did.
    V2Exchange aAt1 = restartedFrom("alice", "bob", savedA, V2Schedule.Mode.QKD);
    exchange(a, b, false);
    assertEquals(2, b.epoch());
    assertEquals(1, aAt1.epoch());

    Outcome o = converge(aAt1, b);

    assertEquals(o.initiatorPsk(), o.responderPsk());
    assertEquals(2, aAt1.epoch(), "ran from the previous key: no reset");
    assertEquals(2, b.epoch());
  }

  @Test
  void sideLostItsState_resetsFromCk0AndConverges() {
    V2Exchange a = alice(V2Schedule.Mode.PQC);
    V2Exchange b = bob(V2Schedule.Mode.PQC);
    for (int n = 0; n < 3; n++) {
      exchange(a, b, false);
    }
    V2Exchange wiped = alice(V2Schedule.Mode.PQC);

    Outcome o = exchange(wiped, b, false);

    assertEquals(o.initiatorPsk(), o.responderPsk());
    assertEquals(1, wiped.epoch());
    assertEquals(1, b.epoch());
    assertTrue(b.drainEvents().stream().anyMatch(e -> e.kind() == V2Event.Kind.CHAIN_RESET));
  }

  @Test
  void splitChainsAtTheSameEpoch_areNoticedAtTheOffer_andRejoinFromThePreviousKey() {
    V2Chain chainA = V2Chain.initial(ck0);
    V2Chain chainB = V2Chain.initial(ck0);
    V2Exchange a = node("alice", "bob", V2Schedule.Mode.QKD, chainA);
    V2Exchange b = node("bob", "alice", V2Schedule.Mode.QKD, chainB);
    exchange(a, b, false);
    V2Exchange a2 = restartedFrom("alice", "bob", chainA, V2Schedule.Mode.QKD);
    V2Exchange b2 = restartedFrom("bob", "alice", chainB, V2Schedule.Mode.QKD);
    // Both pairs advance epoch 1 → 2 with different keys: alice (a) and bob (b2) are split.
    exchange(a, b, false);
    exchange(a2, b2, false);
    assertEquals(2, a.epoch());
    assertEquals(2, b2.epoch());
    assertFalse(a.chainId().equals(b2.chainId()));

    Outcome o = converge(a, b2);

    assertEquals(o.initiatorPsk(), o.responderPsk());
    assertEquals(a.chainId(), b2.chainId());
    assertEquals(2, a.epoch(), "ran from the common previous key, not from ck_0");
  }

  @Test
  void kmeGivingTheSidesDifferentKeys_isCaughtByKeyConfirmation_nothingInstalled() {
    V2Exchange a = alice(V2Schedule.Mode.QKD);
    V2Exchange b = bob(V2Schedule.Mode.QKD);

    Outcome o = exchange(a, b, true);

    assertNull(o.initiatorPsk());
    assertNull(o.responderPsk());
    assertEquals(0, a.epoch());
    assertEquals(0, b.epoch());
  }

  @Test
  void basisFor_matchesEpochAndChainId() {
    Secret k5 = Secret.copyOf(new byte[32]);
    byte[] four = new byte[32];
    four[0] = 4;
    V2Chain r = new V2Chain(ck0, 5, k5, 4, Secret.copyOf(four));
    Blob id5 = r.chainId(V2Chain.Basis.CURRENT);
    Blob id4 = r.chainId(V2Chain.Basis.PREVIOUS);

    assertEquals(V2Chain.Basis.CURRENT, r.basisFor(5, id5));
    assertEquals(V2Chain.Basis.PREVIOUS, r.basisFor(4, id4));
    assertEquals(V2Chain.Basis.MISMATCH, r.basisFor(5, id4), "same epoch, another chain");
    assertEquals(V2Chain.Basis.MISMATCH, r.basisFor(3, id4));
    assertEquals(V2Chain.Basis.MISMATCH, r.basisFor(6, id5));
    assertEquals(V2Chain.Basis.RESET, r.basisFor(0, V2Schedule.chainId(ck0)));
  }

  @Test
  void advance_destroysSupersededChainKeys() {
    V2Chain r = V2Chain.initial(ck0);
    byte[] one = new byte[32];
    one[0] = 1;
    byte[] two = new byte[32];
    two[0] = 2;
    r.advance(V2Chain.Basis.CURRENT, Secret.copyOf(one));
    Secret previous = r.previousChainKey();
    Secret current = r.currentChainKey();
    r.advance(V2Chain.Basis.CURRENT, Secret.copyOf(two));

    assertEquals(1, r.previousEpoch());
    assertTrue(r.previousChainKey().sameAs(current), "the basis becomes the previous key");
    assertFalse(r.previousChainKey().sameAs(previous), "epoch 0's key is gone");
    assertEquals("V2Chain[epoch 2, keys redacted]", r.toString());
  }

  /** docs/protocol-v2.md section 9: ck = bytes 0..31, Kq = 32 × 0x11, qkd mode, alice to bob, e 0. */
  @Test
  void epochVectors() {
    byte[] ck = new byte[32];
    for (int n = 0; n < 32; n++) {
      ck[n] = (byte) n;
    }
    byte[] kq = new byte[32];
    Arrays.fill(kq, (byte) 0x11);
    byte[] t = V2Schedule.transcript("alice", "bob", 0, V2Schedule.Mode.QKD,
        "00000000-0000-0000-0000-00000000000a", null, null);
    V2Schedule.EpochKeys k = V2Schedule.derive(Secret.copyOf(ck), Secret.copyOf(kq), null, t);

    assertEquals("e74650316cb2fec0cc0398f9ce5fe360b9863a9d7460dddccd89fda7a6b9e2a0",
        HEX.formatHex(t));
    assertEquals("ba3db7594feb2bc20f6c964436ccba39c26adc6bab467786eafce5b53939eec1",
        HEX.formatHex(k.nextChainKey().reveal()));
    assertEquals("be3c265ba6775d46cedb01d32e34fa931bfd6c4aa17d110451bd7b6a089f1acd",
        HEX.formatHex(k.psk().reveal()));
    assertEquals("e4de754e36d6799d19e7edad3870871456295253eacfd29835b0e74c7c2405af",
        HEX.formatHex(k.confirmKey().reveal()));
    assertEquals("e949e44de9ff56d95b0881bde98550a9a13196a35b2da2f770759e481e752622",
        HEX.formatHex(V2Schedule.prove(k.confirmKey(), V2Schedule.Proof.RESPONDER, t)));
  }
}
