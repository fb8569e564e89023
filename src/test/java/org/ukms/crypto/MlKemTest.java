package org.ukms.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class MlKemTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void encapsulateThenDecapsulate_agreeOn32Bytes() {
    MlKem.KeyPair pair = MlKem.generate(random);

    MlKem.Encapsulation enc = MlKem.encapsulate(pair.encapsulationKey(), random);
    Secret ss = pair.decapsulate(enc.ciphertext());

    assertEquals(MlKem.ENCAPSULATION_KEY_BYTES, pair.encapsulationKey().length);
    assertEquals(MlKem.CIPHERTEXT_BYTES, enc.ciphertext().length);
    assertEquals(32, ss.length());
    assertTrue(ss.sameAs(enc.sharedSecret()));
  }

  @Test
  void tamperedCiphertext_yieldsAnotherSecret() {
    MlKem.KeyPair pair = MlKem.generate(random);
    MlKem.Encapsulation enc = MlKem.encapsulate(pair.encapsulationKey(), random);
    byte[] ct = enc.ciphertext();
    ct[10] ^= 1;

    assertFalse(pair.decapsulate(ct).sameAs(enc.sharedSecret()));
  }

  @Test
  void keyPair_isSingleUse_andSizesAreChecked() {
    MlKem.KeyPair pair = MlKem.generate(random);
    byte[] ct = MlKem.encapsulate(pair.encapsulationKey(), random).ciphertext();
    pair.decapsulate(ct);

    assertThrows(IllegalStateException.class, () -> pair.decapsulate(ct));
    assertThrows(IllegalArgumentException.class, () -> MlKem.encapsulate(new byte[800], random));
    assertThrows(IllegalArgumentException.class,
        () -> MlKem.generate(random).decapsulate(new byte[10]));
    assertEquals("MlKem.KeyPair[redacted]", pair.toString());
  }
}
