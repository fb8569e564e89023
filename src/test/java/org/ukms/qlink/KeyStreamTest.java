package org.ukms.qlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.ukms.bb84.Bb84Block;
import org.ukms.crypto.Secret;

class KeyStreamTest {
  private static final Bb84Block.Stats STATS =
      new Bb84Block.Stats(1000, 500, 400, 40, 0.01, 0.02, 3, 100, 256, null);

  private static Secret bytes(int n) {
    byte[] raw = new byte[n];
    for (int i = 0; i < n; i++) {
      raw[i] = (byte) (i + 1);
    }
    return Secret.copyOf(raw);
  }

  private static boolean fetchable(KeyStream s, long slot) throws InterruptedException {
    return s.fetch(new long[] {slot}, new int[] {1}, new int[] {4}, Duration.ZERO).isPresent();
  }

  /** Slots of 4 bytes; this end holds 5 full slots and a partial, the peer 2 and a partial. */
  @Test
  void align_destroysTheSlotsOnlyTheLongerEndHolds_andResumesAfterTheLongerStream()
      throws Exception {
    KeyStream longer = new KeyStream("kme-b", true, 4); // owns the even slots
    long first = longer.beginSession();
    longer.align(first, 0, false);
    longer.append(first, bytes(22), STATS, 1);

    long second = longer.beginSession();
    longer.align(second, 2, true);

    assertEquals(1, longer.stored(1), "slots 2 and 4 are void");
    assertArrayEquals(new long[] {0}, longer.take(1, 1).orElseThrow());
    assertTrue(longer.take(1, 1).isEmpty());
    assertTrue(fetchable(longer, 1));
    assertTrue(!fetchable(longer, 3), "slot 3 is void");
    assertEquals(6, longer.fullSlots(), "numbering resumes after 5 full slots and a partial");
    assertTrue(!longer.partialSlot());
    longer.append(second, bytes(8), STATS, 1);
    assertArrayEquals(new long[] {6}, longer.take(1, 1).orElseThrow());
  }

  /** The listening end announces its count; the old session's thread finishes a block late. */
  @Test
  void aBlockOfTheReplacedSession_afterTheNewOneBegan_isRefused() {
    KeyStream s = new KeyStream("kme-b", true, 4);
    long old = s.beginSession();
    s.align(old, 0, false);
    long now = s.beginSession();
    long announced = s.fullSlots();
    Secret late = bytes(8);

    s.append(old, late, STATS, 1);

    assertTrue(late.isDestroyed());
    assertEquals(announced, s.fullSlots());
    assertEquals(0, s.status(1).blocks());
    s.align(now, announced, false);
    assertEquals(0, s.stored(1));
  }

  @Test
  void takeOver_zeroesTheTemporaryCopy() {
    byte[] temp = {1, 2, 3};
    Secret s = KeyStream.takeOver(temp);
    assertArrayEquals(new byte[3], temp);
    assertArrayEquals(new byte[] {1, 2, 3}, s.reveal());
  }
}
