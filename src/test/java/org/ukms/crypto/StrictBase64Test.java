package org.ukms.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StrictBase64Test {
  private static final String KA = "vDKyBNQERrXzECAWsfqPAboIN6/txNJRGyc43lE/UQY=";

  @Test
  void decodeSecret_canonicalText_roundTrips() {
    Secret s = StrictBase64.decodeSecret(KA).orElseThrow();

    assertEquals(32, s.length());
    assertArrayEquals(Base64.getDecoder().decode(KA), s.reveal());
    assertEquals(KA, new String(StrictBase64.encodeSecret(s).reveal(), StandardCharsets.US_ASCII));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "vDKyBNQERrXzECAWsfqPAboIN6_txNJRGyc43lE_UQY=", // URL-safe alphabet
      "vDKyBNQERrXzECAWsfqPAboIN6/txNJRGyc43lE/UQY",  // padding missing
      "vDKyBNQERrXzECAWsfqPAboIN6/txNJRGyc43lE/UQZ=", // non-zero padding bits
      "vDKyBNQERrXzECAWsfqP\nAboIN6/txNJRGyc43lE/UQY=", // line break
      " vDKyBNQERrXzECAWsfqPAboIN6/txNJRGyc43lE/UQY=", // space
      "=vDKyBNQERrXzECAWsfqPAboIN6/txNJRGyc43lE/UQY", // misplaced padding
  })
  void decodeSecret_nonCanonicalText_isRefused(String text) {
    assertFalse(StrictBase64.decodeSecret(text).isPresent());
  }

  @Test
  void decodeSecret_slice_readsOnlyTheSlice() {
    char[] buffer = ("xx" + KA + "yy").toCharArray();

    assertTrue(StrictBase64.decodeSecret(buffer, 2, KA.length()).isPresent());
  }
}
