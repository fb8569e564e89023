package org.ukms.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.ukms.crypto.Secret;
import org.ukms.crypto.V2Keys;

/**
 * Known answers of the SKIP derivation (docs/skip.md, "Synchronisation"). The vectors were
 * computed independently with Python's hashlib (sha3_256) and hmac (HKDF written out from
 * RFC 5869), not with this code.
 */
class SkipDerivationTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String KEY_ID = "00112233445566778899aabbccddeeff";

  private static Secret range(int from) {
    byte[] b = new byte[32];
    for (int i = 0; i < 32; i++) {
      b[i] = (byte) (from + i);
    }
    return Secret.copyOf(b);
  }

  private static Blob filled(int value) {
    byte[] b = new byte[1568];
    Arrays.fill(b, (byte) value);
    return Blob.of(b);
  }

  private static Secret salt() {
    return V2Keys.of(range(0)).skipSalt();
  }

  @Test
  void salt_isHkdfOfTheAuthKey() {
    assertEquals("42d31085d3db7b4520d4494c98a8f369e626c8eed2eed7e9f658dd775d64f4be",
        HEX.formatHex(salt().reveal()));
  }

  @Test
  void hybrid_matchesTheIndependentVector() {
    SkipMessage.Sync sync = new SkipMessage.Sync(KEY_ID, 256, "Alice", "Bob",
        V2Schedule.Mode.HYBRID, new KeyRef("ref-1"), filled(1));
    byte[] t = SkipDerivation.transcript("alice", "bob", sync, filled(2));
    SkipDerivation.Keys keys = SkipDerivation.derive(salt(), range(0x40), range(0x60), t, 256);

    assertEquals("18e5835e5a0d5409c5f8859f7c3aa654e14bf27fc69771e37a5c750718d5e575",
        HEX.formatHex(t));
    assertEquals("1e1ad24b6ad2a6951b6ee51315babe3acbbca75ad391c91feb6f2d779ed1f39c",
        HEX.formatHex(keys.key().reveal()));
    byte[] confirm = HEX.parseHex(
        "dceba5860e210c30f2ab001446207d97d30d0a5bb472abf42ce28d3f9996efeb");
    assertArrayEquals(confirm, SkipDerivation.confirm(keys.confirmKey(), t));
    assertTrue(SkipDerivation.verify(keys.confirmKey(), t, confirm));
    confirm[0] ^= 1;
    assertFalse(SkipDerivation.verify(keys.confirmKey(), t, confirm));
  }

  @Test
  void qkdOnly128Bits_matchesTheIndependentVector() {
    SkipMessage.Sync sync = new SkipMessage.Sync(KEY_ID, 128, "Alice", "Bob",
        V2Schedule.Mode.QKD, new KeyRef("ref-1"), null);
    byte[] t = SkipDerivation.transcript("alice", "bob", sync, null);
    SkipDerivation.Keys keys = SkipDerivation.derive(salt(), range(0x40), null, t, 128);

    assertEquals("aad37d4e50de30a9ea51c81773ae70ecc2a3af6b2538d854d1db19ce75cc33b6",
        HEX.formatHex(t));
    assertEquals("0d08afb3cf29a9e4cc776922ad80b3a9", HEX.formatHex(keys.key().reveal()));
    assertEquals("fa6fcf3ce92aef213a7aaeba48225a89380aae7a2b37fc27c93cb3ccb2e8a379",
        HEX.formatHex(SkipDerivation.confirm(keys.confirmKey(), t)));
  }

  @Test
  void hybridKey_dependsOnEachSourceAndTheTranscript() {
    SkipMessage.Sync sync = new SkipMessage.Sync(KEY_ID, 256, "Alice", "Bob",
        V2Schedule.Mode.HYBRID, new KeyRef("ref-1"), filled(1));
    byte[] t = SkipDerivation.transcript("alice", "bob", sync, filled(2));
    String base = HEX.formatHex(SkipDerivation.derive(salt(), range(0x40), range(0x60), t, 256)
        .key().reveal());

    assertFalse(base.equals(HEX.formatHex(SkipDerivation.derive(salt(), range(0x41),
        range(0x60), t, 256).key().reveal())), "Kq changes the key");
    assertFalse(base.equals(HEX.formatHex(SkipDerivation.derive(salt(), range(0x40),
        range(0x61), t, 256).key().reveal())), "ss changes the key");
    assertFalse(Arrays.equals(t, SkipDerivation.transcript("bob", "alice", sync, filled(2))),
        "the direction is in the transcript");
    assertFalse(Arrays.equals(t, SkipDerivation.transcript("alice", "bob", new SkipMessage.Sync(
        KEY_ID, 256, "Alice", "Bob2", V2Schedule.Mode.HYBRID, new KeyRef("ref-1"), filled(1)),
        filled(2))), "the system IDs are in the transcript");
  }

  @Test
  void sync_refusesFieldsThatDoNotFitTheMode() {
    assertThrows(IllegalArgumentException.class, () -> new SkipMessage.Sync(KEY_ID, 256, "A",
        "B", V2Schedule.Mode.QKD, null, null));
    assertThrows(IllegalArgumentException.class, () -> new SkipMessage.Sync(KEY_ID, 256, "A",
        "B", V2Schedule.Mode.PQC, new KeyRef("r"), filled(1)));
    assertThrows(IllegalArgumentException.class, () -> new SkipMessage.Sync("ABC", 256, "A",
        "B", V2Schedule.Mode.QKD, new KeyRef("r"), null));
    assertThrows(IllegalArgumentException.class, () -> new SkipMessage.Sync(KEY_ID, 12, "A",
        "B", V2Schedule.Mode.QKD, new KeyRef("r"), null));
  }
}
