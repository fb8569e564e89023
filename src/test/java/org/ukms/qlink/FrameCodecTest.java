package org.ukms.qlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ukms.bb84.Bb84Message;
import org.ukms.crypto.Secret;

class FrameCodecTest {
  private static final Secret SECRET = Secret.copyOf(new byte[32]);
  private static final Control.Hello DIALER = new Control.Hello("b", "B", 1, 2);
  private static final Control.Hello LISTENER = new Control.Hello("a", "A", 3, 4);

  /** Frames the dialer writes: its hello, then {@code messages} under the session keys. */
  private static byte[][] frames(Object... messages) throws Exception {
    byte[][] out = new byte[messages.length + 1][];
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    FrameCodec c = new FrameCodec(new DataInputStream(new ByteArrayInputStream(new byte[0])),
        new DataOutputStream(buf), true, SECRET);
    c.write(DIALER);
    out[0] = buf.toByteArray();
    c.startSession(DIALER, LISTENER);
    for (int i = 0; i < messages.length; i++) {
      buf.reset();
      c.write(messages[i]);
      out[i + 1] = buf.toByteArray();
    }
    return out;
  }

  private static FrameCodec listener(byte[]... frames) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] f : frames) {
      all.write(f);
    }
    FrameCodec c = new FrameCodec(new DataInputStream(new ByteArrayInputStream(
        all.toByteArray())), new DataOutputStream(new ByteArrayOutputStream()), false, SECRET);
    assertEquals(DIALER, c.read());
    c.startSession(DIALER, LISTENER);
    return c;
  }

  @Test
  void read_ofWhatTheOtherEndWrote_givesTheSameMessages() throws Exception {
    BitSet bits = BitSet.valueOf(new long[] {0x5aL, 7});
    Object[] sent = {new Bb84Message.Photons(100, bits, bits, bits),
        new Bb84Message.ParityQuery(2, List.of(new Bb84Message.Range(0, 9))),
        new Bb84Message.Verification(1, 2, 3, 256, bits), new Control.LevelQuery()};
    byte[][] f = frames(sent);
    FrameCodec c = listener(f);
    for (Object m : sent) {
      assertEquals(m, c.read());
    }
  }

  @Test
  void photons_neverPrintTheirBits() {
    BitSet bits = BitSet.valueOf(new long[] {0x5aL});
    assertEquals("Photons[64 pulses, 4 arrived, redacted]",
        new Bb84Message.Photons(64, bits, bits, bits).toString());
  }

  @Test
  void aReplayedFrame_isRejected() throws Exception {
    byte[][] f = frames(new Control.LevelQuery(), new Bb84Message.CascadeDone(3));
    FrameCodec c = listener(f[0], f[1], f[1]);
    c.read();

    LinkAuthException e = assertThrows(LinkAuthException.class, c::read);
    assertEquals("frame 1 out of sequence, expected 2 (replayed or reordered)", e.getMessage());
  }

  @Test
  void aReorderedFrame_isRejected() throws Exception {
    byte[][] f = frames(new Control.LevelQuery(), new Bb84Message.CascadeDone(3));

    LinkAuthException e = assertThrows(LinkAuthException.class, listener(f[0], f[2], f[1])::read);
    assertTrue(e.getMessage().startsWith("frame 2 out of sequence"), e.getMessage());
  }

  @Test
  void aChangedByte_failsTheMac() throws Exception {
    byte[][] f = frames(new Bb84Message.CascadeDone(3));
    byte[] bad = Arrays.copyOf(f[1], f[1].length);
    bad[14] ^= 0x10;

    LinkAuthException e = assertThrows(LinkAuthException.class, listener(f[0], bad)::read);
    assertEquals("bad MAC on frame 1 (type 16)", e.getMessage());
  }

  @Test
  void aFrameOfAnotherSession_failsTheMac() throws Exception {
    byte[][] f = frames(new Bb84Message.CascadeDone(3));
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    FrameCodec other = new FrameCodec(new DataInputStream(new ByteArrayInputStream(new byte[0])),
        new DataOutputStream(buf), true, SECRET);
    other.write(DIALER);
    other.startSession(DIALER, new Control.Hello("a", "A", 5, 6)); // other nonces
    buf.reset();
    other.write(new Bb84Message.CascadeDone(3));

    assertThrows(LinkAuthException.class, listener(f[0], buf.toByteArray())::read);
  }

  @Test
  void aHelloAnnouncingMoreThan1KiB_isRejectedBeforeItsPayloadIsRead() {
    byte[] head = ByteBuffer.allocate(13).put((byte) 1).putLong(0).putInt(2000).array();
    FrameCodec c = new FrameCodec(new DataInputStream(new ByteArrayInputStream(head)),
        new DataOutputStream(new ByteArrayOutputStream()), false, SECRET);

    LinkAuthException e = assertThrows(LinkAuthException.class, c::read);
    assertEquals("frame 0 announces 2000 bytes", e.getMessage());
  }

  @Test
  void afterTheHandshake_aFrameLargerThan1KiB_isRead() throws Exception {
    BitSet many = new BitSet();
    many.set(0, 20_000);
    Bb84Message.Photons big = new Bb84Message.Photons(20_000, many, many, many);
    byte[][] f = frames(new Control.Slots(5, true), big);
    assertTrue(f[2].length > FrameCodec.MAX_HELLO);
    FrameCodec c = listener(f);

    assertEquals(new Control.Slots(5, true), c.read());
    assertEquals(big, c.read());
  }

  @Test
  void close_zeroesTheLinkKey() throws Exception {
    FrameCodec c = new FrameCodec(new DataInputStream(new ByteArrayInputStream(new byte[0])),
        new DataOutputStream(new ByteArrayOutputStream()), true, SECRET);
    Field field = FrameCodec.class.getDeclaredField("linkKey");
    field.setAccessible(true); // the key has no accessor, on purpose
    byte[] key = (byte[]) field.get(c);
    assertFalse(Arrays.equals(new byte[32], key));

    c.close();

    assertArrayEquals(new byte[32], key);
  }
}
