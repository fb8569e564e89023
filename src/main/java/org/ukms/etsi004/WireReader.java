package org.ukms.etsi004;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.ukms.crypto.Secret;

/** Reads the fields of one payload in order; every read is bounds-checked (E004-BIN-03). */
final class WireReader {
  private final byte[] frame;
  private final String message;
  private int at;

  WireReader(byte[] frame, int start, String message) {
    this.frame = frame;
    this.at = start;
    this.message = message;
  }

  long uint32(String field) {
    need(4, field);
    long v = ((frame[at] & 0xFFL) << 24) | ((frame[at + 1] & 0xFFL) << 16)
        | ((frame[at + 2] & 0xFFL) << 8) | (frame[at + 3] & 0xFFL);
    at += 4;
    return v;
  }

  /** A NUL-terminated UTF-8 string of at most {@code max} bytes before the NUL. */
  String string(String field, int max) {
    int end = at;
    while (end < frame.length && frame[end] != 0) {
      end++;
    }
    if (end == frame.length) {
      throw error(field + " has no NUL terminator");
    }
    if (end - at > max) {
      throw error(field + " is longer than " + max + " bytes");
    }
    String s = new String(frame, at, end - at, StandardCharsets.UTF_8);
    at = end + 1;
    return s;
  }

  KeyStreamId ksid(String field) {
    need(KeyStreamId.BYTES, field);
    KeyStreamId id = KeyStreamId.of(Arrays.copyOfRange(frame, at, at + KeyStreamId.BYTES));
    at += KeyStreamId.BYTES;
    return id;
  }

  /** A uint32 length and that many bytes, straight into a Secret. */
  Secret secret(String field) {
    int n = length(field);
    byte[] copy = Arrays.copyOfRange(frame, at, at + n);
    try {
      at += n;
      return Secret.copyOf(copy);
    } finally {
      Arrays.fill(copy, (byte) 0);
    }
  }

  Metadata metadata(String field) {
    int n = length(field);
    Metadata m = Metadata.of(Arrays.copyOfRange(frame, at, at + n));
    at += n;
    return m;
  }

  /** A uint32 length whose bytes are skipped (the request's metadata buffer); returns it. */
  int skipBytes(String field) {
    int n = length(field);
    at += n;
    return n;
  }

  Qos qos() {
    return new Qos(uint32("qos.key_chunk_size"), uint32("qos.max_bps"), uint32("qos.min_bps"),
        uint32("qos.jitter"), uint32("qos.priority"), uint32("qos.timeout"), uint32("qos.ttl"),
        string("qos.metadata_mimetype", Qos.MAX_MIMETYPE_BYTES));
  }

  void end() {
    if (at != frame.length) {
      throw error((frame.length - at) + " trailing bytes after the last field");
    }
  }

  private int length(String field) {
    long n = uint32(field + " length");
    if (n > frame.length - at) {
      throw error(field + " length " + n + " exceeds the " + (frame.length - at)
          + " bytes left");
    }
    return (int) n;
  }

  private void need(int n, String field) {
    if (frame.length - at < n) {
      throw error("truncated at " + field + " (need " + n + " bytes, " + (frame.length - at)
          + " left)");
    }
  }

  private Etsi004ProtocolException error(String what) {
    return new Etsi004ProtocolException("ETSI 004 " + message + " at offset " + at + ": " + what);
  }
}
