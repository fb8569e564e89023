package org.ukms.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The v2 key schedule from a pair's auth key (docs/protocol-v2.md sections 3 and 4): the request
 * and response MAC keys, the initial chain key, and the two MACs. Fields are length-prefixed
 * ({@code lp}) so no two inputs encode alike.
 */
public final class V2Keys {
  private final Secret requestKey;
  private final Secret responseKey;
  private final Secret authKey;

  private V2Keys(Secret authKey, Secret requestKey, Secret responseKey) {
    this.authKey = authKey;
    this.requestKey = requestKey;
    this.responseKey = responseKey;
  }

  public static V2Keys of(Secret authKey) {
    byte[] k = authKey.reveal();
    try {
      return new V2Keys(Secret.copyOf(k),
          Secret.wrap(Hkdf.derive(new byte[0], k, ascii("ukms v2 request mac"), 32)),
          Secret.wrap(Hkdf.derive(new byte[0], k, ascii("ukms v2 response mac"), 32)));
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /** ck_0 of the pair: the same at both ends whatever the order of the IDs. */
  public Secret initialChainKey(String a, String b) {
    String low = a.compareTo(b) <= 0 ? a : b;
    String high = a.compareTo(b) <= 0 ? b : a;
    byte[] k = authKey.reveal();
    try {
      return Secret.wrap(Hkdf.derive(new byte[0], k,
          concat(ascii("ukms v2 initial chain"), lp(utf8(low)), lp(utf8(high))), 32));
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /**
   * The salt of the SKIP key derivation (docs/skip.md, "Synchronisation"):
   * HKDF(K_auth, "ukms skip salt"), so a SKIP key also depends on the pair's auth key.
   */
  public Secret skipSalt() {
    byte[] k = authKey.reveal();
    try {
      return Secret.wrap(Hkdf.derive(new byte[0], k, ascii("ukms skip salt"), 32));
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  public byte[] requestMac(String method, String path, String sender, String receiver,
      long timestampMillis, String nonce, byte[] body) {
    return mac(requestKey, lp(ascii("ukms v2 request")), lp(utf8(method)), lp(utf8(path)),
        lp(utf8(sender)), lp(utf8(receiver)), lp(ascii(Long.toString(timestampMillis))),
        lp(ascii(nonce)), lp(Sha3.sha3_256(body)));
  }

  public byte[] responseMac(String requestNonce, int status, String responder, String requester,
      byte[] body) {
    return mac(responseKey, lp(ascii("ukms v2 response")), lp(ascii(requestNonce)),
        lp(ascii(Integer.toString(status))), lp(utf8(responder)), lp(utf8(requester)),
        lp(Sha3.sha3_256(body)));
  }

  private static byte[] mac(Secret key, byte[]... parts) {
    byte[] k = key.reveal();
    try {
      return Hkdf.hmac(k, concat(parts));
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /** {@link #lp(byte[])} of the UTF-8 bytes of {@code text}. */
  public static byte[] lp(String text) {
    return lp(utf8(text));
  }

  /** A 4-byte big-endian length, then the bytes. */
  public static byte[] lp(byte[] field) {
    return ByteBuffer.allocate(4 + field.length).putInt(field.length).put(field).array();
  }

  /** The parts one after another. */
  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "V2Keys[redacted]";
  }
}
