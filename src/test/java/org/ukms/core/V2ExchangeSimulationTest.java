package org.ukms.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ukms.crypto.MlKem;
import org.ukms.crypto.Secret;
import org.ukms.crypto.V2Keys;

/**
 * The v2 exchange of docs/PROTOCOL.md section 5 run in memory on the pure pieces (schedule,
 * chain, ML-KEM), including the recovery cases of section 6 and the epoch vectors of section 9.
 */
class V2ExchangeSimulationTest {
  private static final HexFormat HEX = HexFormat.of();
  private final SecureRandom random = new SecureRandom();
  private final V2Keys keys = V2Keys.of(Secret.copyOf(new byte[32]));
  private final Secret ck0 = keys.initialChainKey("alice", "bob");

  /** What each side would install; null where the exchange stopped before installing. */
  record Outcome(Secret initiatorPsk, Secret responderPsk, V2Chain.Basis basis) {}

  /**
   * One exchange: I offers from its current epoch; R answers from the basis it chooses. The two
   * KME keys may differ (a lying KME) to show key confirmation stops the install.
   */
  Outcome exchange(V2Chain initiator, V2Chain responder, V2Schedule.Mode mode, byte[] qkdAtI,
      byte[] qkdAtR) {
    long offered = initiator.epoch();
    V2Chain.Basis basis = responder.basisFor(offered);
    if (basis == V2Chain.Basis.MISMATCH) {
      return new Outcome(null, null, basis);
    }
    boolean pqc = mode != V2Schedule.Mode.QKD;
    boolean qkd = mode != V2Schedule.Mode.PQC;
    MlKem.KeyPair pair = pqc ? MlKem.generate(random) : null;
    MlKem.Encapsulation enc = pqc ? MlKem.encapsulate(pair.encapsulationKey(), random) : null;
    String keyId = qkd ? "00000000-0000-0000-0000-00000000000a" : null;
    byte[] t = V2Schedule.transcript("alice", "bob", offered, mode, keyId,
        pqc ? pair.encapsulationKey() : null, pqc ? enc.ciphertext() : null);

    V2Schedule.EpochKeys atR = V2Schedule.derive(responder.chainKey(basis),
        qkd ? Secret.copyOf(qkdAtR) : null, pqc ? enc.sharedSecret() : null, t);
    byte[] proofR = V2Schedule.prove(atR.confirmKey(), V2Schedule.Proof.RESPONDER, t);

    V2Chain.Basis mine = basis == V2Chain.Basis.RESET ? V2Chain.Basis.RESET
        : V2Chain.Basis.CURRENT;
    V2Schedule.EpochKeys atI = V2Schedule.derive(initiator.chainKey(mine),
        qkd ? Secret.copyOf(qkdAtI) : null, pqc ? pair.decapsulate(enc.ciphertext()) : null, t);
    if (!V2Schedule.verify(atI.confirmKey(), V2Schedule.Proof.RESPONDER, t, proofR)) {
      return new Outcome(null, null, basis);
    }
    byte[] proofI = V2Schedule.prove(atI.confirmKey(), V2Schedule.Proof.INITIATOR, t);
    if (!V2Schedule.verify(atR.confirmKey(), V2Schedule.Proof.INITIATOR, t, proofI)) {
      return new Outcome(null, null, basis);
    }
    responder.advance(basis, atR.nextChainKey());
    byte[] ack = V2Schedule.prove(atR.confirmKey(), V2Schedule.Proof.ACK, t);
    assertTrue(V2Schedule.verify(atI.confirmKey(), V2Schedule.Proof.ACK, t, ack));
    initiator.advance(mine, atI.nextChainKey());
    return new Outcome(atI.psk(), atR.psk(), basis);
  }

  byte[] qkdKey() {
    byte[] k = new byte[32];
    random.nextBytes(k);
    return k;
  }

  @Test
  void exchange_everyMode_bothSidesInstallTheSamePskAndAdvance() {
    for (V2Schedule.Mode mode : V2Schedule.Mode.values()) {
      V2Chain i = V2Chain.initial(ck0);
      V2Chain r = V2Chain.initial(ck0);
      byte[] kq = qkdKey();

      Outcome o = exchange(i, r, mode, kq, kq);

      assertTrue(o.initiatorPsk().sameAs(o.responderPsk()), mode.toString());
      assertEquals(1, i.epoch());
      assertEquals(1, r.epoch());
    }
  }

  @Test
  void rotations_alternatingInitiators_giveEqualAndDistinctPsks() {
    V2Chain a = V2Chain.initial(ck0);
    V2Chain b = V2Chain.initial(ck0);
    Set<String> seen = new HashSet<>();
    for (int n = 0; n < 10; n++) {
      byte[] kq = qkdKey();
      Outcome o = n % 2 == 0 ? exchange(a, b, V2Schedule.Mode.HYBRID, kq, kq)
          : exchange(b, a, V2Schedule.Mode.HYBRID, kq, kq);
      assertTrue(o.initiatorPsk().sameAs(o.responderPsk()));
      assertTrue(seen.add(HEX.formatHex(o.initiatorPsk().reveal())), "a fresh PSK every time");
    }
    assertEquals(10, a.epoch());
    assertEquals(10, b.epoch());
  }

  @Test
  void initiatorCrashedAfterResponderInstalled_nextExchangeRunsFromPreviousAndConverges() {
    V2Chain i = V2Chain.initial(ck0);
    V2Chain r = V2Chain.initial(ck0);
    byte[] kq = qkdKey();
    exchange(i, r, V2Schedule.Mode.QKD, kq, kq);
    // R installs epoch 2; I crashes before its install and restarts from its epoch-1 state.
    V2Chain iBeforeCrash = new V2Chain(ck0, i.epoch(), i.currentChainKey(), i.previousEpoch(),
        i.previousChainKey());
    byte[] kq2 = qkdKey();
    exchange(new V2Chain(ck0, i.epoch(), i.currentChainKey(), i.previousEpoch(),
        i.previousChainKey()), r, V2Schedule.Mode.QKD, kq2, kq2);
    assertEquals(2, r.epoch());
    assertEquals(1, iBeforeCrash.epoch());

    byte[] kq3 = qkdKey();
    Outcome o = exchange(iBeforeCrash, r, V2Schedule.Mode.QKD, kq3, kq3);

    assertEquals(V2Chain.Basis.PREVIOUS, o.basis());
    assertTrue(o.initiatorPsk().sameAs(o.responderPsk()));
    assertEquals(2, iBeforeCrash.epoch());
    assertEquals(2, r.epoch());
  }

  @Test
  void sideLostItsState_resetsFromCk0AndConverges() {
    V2Chain i = V2Chain.initial(ck0);
    V2Chain r = V2Chain.initial(ck0);
    for (int n = 0; n < 3; n++) {
      byte[] kq = qkdKey();
      exchange(i, r, V2Schedule.Mode.PQC, kq, kq);
    }
    V2Chain wiped = V2Chain.initial(ck0);

    Outcome o = exchange(wiped, r, V2Schedule.Mode.PQC, null, null);

    assertEquals(V2Chain.Basis.RESET, o.basis());
    assertTrue(o.initiatorPsk().sameAs(o.responderPsk()));
    assertEquals(1, wiped.epoch());
    assertEquals(1, r.epoch());
  }

  @Test
  void farApartEpochs_areAMismatch() {
    V2Chain r = new V2Chain(ck0, 5, Secret.copyOf(new byte[32]), 4, Secret.copyOf(new byte[32]));

    assertEquals(V2Chain.Basis.MISMATCH, r.basisFor(3));
    assertEquals(V2Chain.Basis.MISMATCH, r.basisFor(6));
    assertEquals(V2Chain.Basis.PREVIOUS, r.basisFor(4));
    assertEquals(V2Chain.Basis.RESET, r.basisFor(0));
  }

  @Test
  void kmeGivingTheSidesDifferentKeys_isCaughtByKeyConfirmation_nothingInstalled() {
    V2Chain i = V2Chain.initial(ck0);
    V2Chain r = V2Chain.initial(ck0);

    Outcome o = exchange(i, r, V2Schedule.Mode.QKD, qkdKey(), qkdKey());

    assertEquals(null, o.initiatorPsk());
    assertEquals(0, i.epoch());
    assertEquals(0, r.epoch());
  }

  @Test
  void advance_destroysSupersededChainKeys() {
    V2Chain i = V2Chain.initial(ck0);
    V2Chain r = V2Chain.initial(ck0);
    byte[] kq = qkdKey();
    exchange(i, r, V2Schedule.Mode.QKD, kq, kq);
    Secret previous = r.previousChainKey();
    Secret current = r.currentChainKey();
    byte[] kq2 = qkdKey();
    exchange(i, r, V2Schedule.Mode.QKD, kq2, kq2);

    assertEquals(1, r.previousEpoch());
    assertTrue(r.previousChainKey().sameAs(current), "the basis becomes the previous key");
    assertFalse(r.previousChainKey().sameAs(previous), "epoch 0's key is gone");
    assertEquals("V2Chain[epoch 2, keys redacted]", r.toString());
  }

  /** docs/PROTOCOL.md section 9: ck = bytes 0..31, Kq = 32 × 0x11, qkd mode, alice to bob, e 0. */
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
