package org.ukms.etsi004;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads exactly one frame from a stream: the header, then exactly the announced payload. */
public final class FrameIo {
  private FrameIo() {}

  /**
   * One whole frame (header + payload). A size above {@link BinaryCodec#MAX_PAYLOAD} is an
   * {@link Etsi004ProtocolException} before any payload is read; an end of stream inside the
   * frame is an {@link EOFException} saying how much arrived. Short reads loop (readNBytes).
   */
  public static byte[] read(InputStream in) throws IOException {
    byte[] header = exactly(in, BinaryCodec.HEADER_BYTES, "header");
    int size = BinaryCodec.payloadSize(header);
    byte[] frame = Arrays.copyOf(header, BinaryCodec.HEADER_BYTES + size);
    byte[] payload = exactly(in, size, "payload");
    System.arraycopy(payload, 0, frame, BinaryCodec.HEADER_BYTES, size);
    Arrays.fill(payload, (byte) 0);
    return frame;
  }

  private static byte[] exactly(InputStream in, int n, String what) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new EOFException("ETSI 004 frame: connection closed after " + b.length + " of " + n
          + " " + what + " bytes");
    }
    return b;
  }
}
