package org.ukms.etsi004;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.ukms.crypto.Secret;

/**
 * Builds one frame: header placeholder, fields, then the payload size patched in. Buffers that
 * held key bytes are zeroed when they grow and when the frame is finished.
 */
final class WireWriter {
  private byte[] buf = new byte[256];
  private int at = BinaryCodec.HEADER_BYTES;

  WireWriter uint32(long v) {
    Qos.checkUint32(v, "uint32");
    ensure(4);
    buf[at++] = (byte) (v >>> 24);
    buf[at++] = (byte) (v >>> 16);
    buf[at++] = (byte) (v >>> 8);
    buf[at++] = (byte) v;
    return this;
  }

  WireWriter string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    ensure(b.length + 1);
    System.arraycopy(b, 0, buf, at, b.length);
    at += b.length;
    buf[at++] = 0;
    return this;
  }

  WireWriter ksid(KeyStreamId id) {
    return raw(id.toBytes());
  }

  WireWriter bytes(byte[] b) {
    uint32(b.length);
    return raw(b);
  }

  WireWriter zeros(int n) {
    uint32(n);
    ensure(n);
    at += n; // the buffer is zero there: it only grows by copying into fresh zeroed arrays
    return this;
  }

  WireWriter secret(Secret s) {
    byte[] b = s.isDestroyed() ? new byte[0] : s.reveal();
    try {
      return bytes(b);
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  WireWriter qos(Qos q) {
    return uint32(q.keyChunkSize()).uint32(q.maxBps()).uint32(q.minBps()).uint32(q.jitter())
        .uint32(q.priority()).uint32(q.timeoutMs()).uint32(q.ttlSeconds())
        .string(q.metadataMimetype());
  }

  byte[] finish(BinaryCodec.Version version, int service) {
    int payload = at - BinaryCodec.HEADER_BYTES;
    if (payload > BinaryCodec.MAX_PAYLOAD) {
      throw new IllegalArgumentException("ETSI 004 frame: payload of " + payload
          + " bytes exceeds " + BinaryCodec.MAX_PAYLOAD);
    }
    buf[0] = (byte) version.major();
    buf[1] = (byte) version.minor();
    buf[2] = (byte) version.micro();
    buf[3] = (byte) service;
    buf[4] = (byte) (payload >>> 24);
    buf[5] = (byte) (payload >>> 16);
    buf[6] = (byte) (payload >>> 8);
    buf[7] = (byte) payload;
    byte[] out = Arrays.copyOf(buf, at);
    Arrays.fill(buf, (byte) 0);
    return out;
  }

  private WireWriter raw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, at, b.length);
    at += b.length;
    return this;
  }

  private void ensure(int n) {
    if (at + n > buf.length) {
      byte[] bigger = Arrays.copyOf(buf, Math.max(buf.length * 2, at + n));
      Arrays.fill(buf, (byte) 0);
      buf = bigger;
    }
  }
}
