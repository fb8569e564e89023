package org.ukms.etsi004;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FrameIoTest {
  private static final byte[] FRAME = HexFormat.of().parseHex(BinaryCodecTest.GET_KEY_RESPONSE);

  @Test
  void e004Bin03_oneByteAtATime_readsExactlyOneFrame() throws Exception {
    byte[] twoFrames = Arrays.copyOf(FRAME, FRAME.length * 2);
    System.arraycopy(FRAME, 0, twoFrames, FRAME.length, FRAME.length);
    InputStream trickle = new ByteArrayInputStream(twoFrames) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1));
      }
    };
    assertArrayEquals(FRAME, FrameIo.read(trickle));
    assertArrayEquals(FRAME, FrameIo.read(trickle));
  }

  @Test
  void e004Bin03_endOfStreamInsideFrame_saysHowMuchArrived() {
    var in = new ByteArrayInputStream(Arrays.copyOf(FRAME, 20));
    var e = assertThrows(EOFException.class, () -> FrameIo.read(in));
    assertEquals("ETSI 004 frame: connection closed after 12 of 50 payload bytes", e.getMessage());
  }

  @Test
  void e004Bin03_oversizedHeader_rejectedBeforeReadingThePayload() {
    var in = new ByteArrayInputStream(HexFormat.of().parseHex("02010105ffffffff"));
    assertThrows(Etsi004ProtocolException.class, () -> FrameIo.read(in));
  }
}
