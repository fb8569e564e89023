package org.ukms.etsi004;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The peer's side of a key stream: an index arriving out of order is accepted once if it lies
 * within {@link KeyStream#WINDOW} of the highest index used; a used one, or one below the window,
 * never again. The initiator's next index still only moves forward.
 */
class Etsi004KeyStreamWindowTest {
  private static final long MAX = 0xFFFF_FFFFL;

  static KeyStream stream(long first) {
    return new KeyStream(KeyStreamId.parse("123e4567-e89b-12d3-a456-426614174000"),
        Qos.wireGuard(0, 60), null, false, first, 0);
  }

  @Test
  void outOfOrder_eachIndexOnce() {
    KeyStream s = stream(0);
    s.pass(5);
    assertEquals(6, s.nextIndex());
    for (long i = 0; i < 5; i++) {
      assertTrue(s.ahead(i), "index " + i + " skipped, not used");
    }
    assertFalse(s.ahead(5));
    s.pass(3);
    assertFalse(s.ahead(3));
    assertTrue(s.ahead(4));
    assertEquals(6, s.nextIndex(), "a late index does not move the next one back");
  }

  @Test
  void belowTheWindow_refused_atItsEdge_accepted() {
    KeyStream s = stream(0);
    s.pass(10);
    s.pass(10 + KeyStream.WINDOW); // positions 11 .. 1034 in the window
    assertFalse(s.ahead(10));
    assertTrue(s.ahead(11), "the lowest index in the window");
    assertFalse(s.ahead(9), "below the window");
    s.pass(11 + KeyStream.WINDOW);
    assertFalse(s.ahead(11), "left the window");
    assertTrue(s.ahead(12));
    assertFalse(s.ahead(10 + KeyStream.WINDOW), "still marked used after the slide");
  }

  @Test
  void aBigJump_forgetsNothingItShouldRemember() {
    KeyStream s = stream(MAX - 2); // wraps at 2^32 - 1
    s.pass(MAX - 1);
    s.pass(3 * KeyStream.WINDOW); // far past: every slot reused
    assertFalse(s.ahead(MAX - 1));
    assertFalse(s.ahead(MAX - 2), "below the window");
    assertTrue(s.ahead(3 * KeyStream.WINDOW - 1), "skipped, in the window");
    assertFalse(s.ahead(3 * KeyStream.WINDOW));
  }
}
