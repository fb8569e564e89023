package org.ukms.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SecretTest {
  @Test
  void toString_neverShowsTheBytes() {
    byte[] raw = HexFormat.of().parseHex("deadbeefcafebabe");
    Secret s = Secret.copyOf(raw);

    assertEquals("Secret[8 bytes, redacted]", s.toString());
    assertFalse(s.toString().toLowerCase().contains("deadbeef"));
  }

  @Test
  void copyOf_isIndependentOfTheCallersArray() {
    byte[] raw = {1, 2, 3};
    Secret s = Secret.copyOf(raw);
    raw[0] = 9;

    assertArrayEquals(new byte[] {1, 2, 3}, s.reveal());
  }

  @Test
  void reveal_returnsACopy() {
    Secret s = Secret.copyOf(new byte[] {1, 2, 3});
    s.reveal()[0] = 9;

    assertArrayEquals(new byte[] {1, 2, 3}, s.reveal());
  }

  @Test
  void destroy_zeroesAndForbidsReveal() {
    Secret s = Secret.copyOf(new byte[] {1, 2, 3});
    Secret zeros = Secret.copyOf(new byte[3]);
    s.destroy();

    assertTrue(s.isDestroyed());
    assertTrue(s.sameAs(zeros));
    assertThrows(IllegalStateException.class, s::reveal);
  }

  @Test
  void sameAs_comparesContent() {
    assertTrue(Secret.copyOf(new byte[] {1, 2}).sameAs(Secret.copyOf(new byte[] {1, 2})));
    assertFalse(Secret.copyOf(new byte[] {1, 2}).sameAs(Secret.copyOf(new byte[] {1, 3})));
  }
}
