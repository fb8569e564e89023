package org.ukms.etsi004;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Metadata bytes of a GET_KEY answer (not secret, but kept out of logs all the same). */
public final class Metadata {
  public static final Metadata EMPTY = new Metadata(new byte[0]);
  private final byte[] bytes;

  private Metadata(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Metadata of(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Metadata(bytes.clone());
  }

  public static Metadata utf8(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  public int length() {
    return bytes.length;
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  public String asUtf8() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Metadata m && Arrays.equals(bytes, m.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Metadata[" + bytes.length + " bytes]";
  }
}
