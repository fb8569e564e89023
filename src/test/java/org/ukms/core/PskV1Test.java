package org.ukms.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.ukms.crypto.Secret;
import org.ukms.crypto.StrictBase64;
import org.ukms.sim.UkmsDerivation;

/** The test vectors of ukms-v1.md section 9, exactly. */
class PskV1Test {
  static final String KEY_ID_A = "00000000-0000-0000-0000-00000000000a";
  static final String KA = "vDKyBNQERrXzECAWsfqPAboIN6/txNJRGyc43lE/UQY=";
  static final String KEY_ID_B = "00000000-0000-0000-0000-00000000000b";
  static final String KB = "azXcIXY55ytIUpRjBE3rlpgU+x/JM3Z5K+s6dO2TbLI=";
  static final String PSK = "47r8SiKspvG28cFkmGZ38Q9sXSp8db5fdIqp32EA4d0=";

  @Test
  void fakeKmeDerivation_matchesVectors() {
    assertEquals(KA, UkmsDerivation.key(KEY_ID_A));
    assertEquals(KB, UkmsDerivation.key(KEY_ID_B));
  }

  @Test
  void derive_matchesVector() {
    assertEquals(PSK, text(PskV1.derive(secret(KA), secret(KB))));
  }

  @Test
  void derive_isSymmetricInWhichKeyIsLocal() {
    assertEquals(PSK, text(PskV1.derive(secret(KB), secret(KA))));
  }

  @Test
  void derive_equalKeys_concatenatesTwice() {
    String expected = StrictBase64.encode(org.ukms.crypto.Sha3.sha3_256(KA + KA));

    assertEquals(expected, text(PskV1.derive(secret(KA), secret(KA))));
  }

  @Test
  void derive_fakeKmeWireExample_isConsistent() {
    String key = UkmsDerivation.key("1f9bff4f-43f0-44d5-80e3-6f2777242d67");

    assertEquals("0umVRoYcMh57ZdOXQQZWptRIolFu4T0tzhYSwozVyYw=", key);
  }

  static Secret secret(String base64) {
    return StrictBase64.decodeSecret(base64).orElseThrow();
  }

  static String text(Secret s) {
    return new String(StrictBase64.encodeSecret(s).reveal(), StandardCharsets.US_ASCII);
  }
}
