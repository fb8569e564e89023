package org.ukms.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A short, public name for a PSK, safe to log: the first 8 bytes of SHA3-256 over a domain label
 * and the PSK, in hex. It identifies equal PSKs on the two sides of a pair; 64 bits reveal
 * nothing usable about a 256-bit key.
 */
public final class Fingerprint {
  private static final byte[] LABEL = "ukms psk fingerprint v1\0".getBytes(StandardCharsets.US_ASCII);

  private Fingerprint() {}

  public static String of(Secret psk) {
    MessageDigest sha3 = Sha3.digest();
    sha3.update(LABEL);
    byte[] raw = psk.reveal();
    try {
      sha3.update(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
    return HexFormat.of().formatHex(sha3.digest(), 0, 8);
  }
}
