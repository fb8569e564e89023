package org.ukms.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FingerprintTest {
  @Test
  void of_isShortHexAndStable() {
    Secret psk = Secret.copyOf(new byte[32]);

    String fp = Fingerprint.of(psk);

    assertTrue(fp.matches("[0-9a-f]{16}"));
    assertEquals(fp, Fingerprint.of(Secret.copyOf(new byte[32])));
  }

  @Test
  void of_isNotAPrefixOfThePskOrItsPlainHash() {
    byte[] raw = new byte[32];
    raw[0] = 7;
    String fp = Fingerprint.of(Secret.copyOf(raw));

    assertNotEquals(HexFormat.of().formatHex(raw, 0, 8), fp);
    assertNotEquals(HexFormat.of().formatHex(Sha3.sha3_256(raw), 0, 8), fp);
  }
}
