package org.ukms.core;

import java.util.Arrays;
import org.ukms.crypto.Hkdf;
import org.ukms.crypto.Secret;
import org.ukms.crypto.Sha3;
import org.ukms.crypto.V2Keys;

/**
 * The SKIP key derivation (docs/skip.md, "Synchronisation"): the transcript hash of a
 * {@link SkipMessage.Sync} and its answer, the key and confirmation key from the salt (from the
 * pair's auth key), the QKD key and the ML-KEM shared secret, and the responder's confirmation.
 * Pure functions; every intermediate buffer is zeroed.
 */
public final class SkipDerivation {
  private SkipDerivation() {}

  /** What one sync yields; the caller destroys both. */
  public record Keys(Secret key, Secret confirmKey) {
    /** Destroys both keys. */
    public void destroy() {
      key.destroy();
      confirmKey.destroy();
    }
  }

  /** Destroys every non-null secret and keys of one sync's material (both sides' clean-up). */
  public static void destroy(Keys keys, Secret... secrets) {
    for (Secret s : secrets) {
      if (s != null) {
        s.destroy();
      }
    }
    if (keys != null) {
      keys.destroy();
    }
  }

  /**
   * T = SHA3-256(lp("ukms skip transcript") ‖ lp(A) ‖ lp(B) ‖ lp(keyId) ‖ lp(size) ‖
   * lp(systemId) ‖ lp(remoteSystemId) ‖ lp(mode) ‖ lp(key_ID) ‖ lp(ek) ‖ lp(ct)), where A is the
   * initiator's node ID, B the responder's, size in decimal bits, and a missing value empty.
   */
  public static byte[] transcript(String initiator, String responder, SkipMessage.Sync sync,
      Blob kemCt) {
    return Sha3.sha3_256(V2Keys.concat(lp("ukms skip transcript"), lp(initiator), lp(responder),
        lp(sync.keyId()), lp(Integer.toString(sync.sizeBits())), lp(sync.systemId()),
        lp(sync.remoteSystemId()), lp(sync.mode().wireName()),
        lp(sync.keyRef() == null ? "" : sync.keyRef().value()),
        V2Keys.lp(sync.kemEk() == null ? new byte[0] : sync.kemEk().bytes()),
        V2Keys.lp(kemCt == null ? new byte[0] : kemCt.bytes())));
  }

  /**
   * PRK = HKDF-Extract(salt, lp("ukms skip ikm") ‖ lp(Kq) ‖ lp(ss)); key ‖ kc =
   * HKDF-Expand(PRK, lp("ukms skip key") ‖ T, size/8 + 32). A missing source ({@code null}) is
   * an empty field. The key stays secret while either Kq or ss (or the auth key behind the
   * salt) does.
   */
  public static Keys derive(Secret salt, Secret qkdKey, Secret kemSecret, byte[] t,
      int sizeBits) {
    if (sizeBits < 8 || sizeBits % 8 != 0) {
      throw new IllegalArgumentException("size must be a positive multiple of 8 bits");
    }
    int n = sizeBits / 8;
    byte[] s = salt.reveal();
    byte[] kq = qkdKey == null ? new byte[0] : qkdKey.reveal();
    byte[] ss = kemSecret == null ? new byte[0] : kemSecret.reveal();
    byte[] lkq = V2Keys.lp(kq);
    byte[] lss = V2Keys.lp(ss);
    byte[] ikm = V2Keys.concat(lp("ukms skip ikm"), lkq, lss);
    byte[] prk = Hkdf.extract(s, ikm);
    byte[] okm = Hkdf.expand(prk, V2Keys.concat(lp("ukms skip key"), t), n + 32);
    byte[] key = Arrays.copyOfRange(okm, 0, n);
    byte[] kc = Arrays.copyOfRange(okm, n, n + 32);
    try {
      return new Keys(Secret.copyOf(key), Secret.copyOf(kc));
    } finally {
      for (byte[] b : new byte[][] {s, kq, ss, lkq, lss, ikm, prk, okm, key, kc}) {
        Arrays.fill(b, (byte) 0);
      }
    }
  }

  /** The responder's confirmation HMAC-SHA256(kc, lp("R") ‖ T): the v2 responder's proof. */
  public static byte[] confirm(Secret confirmKey, byte[] t) {
    return V2Schedule.prove(confirmKey, V2Schedule.Proof.RESPONDER, t);
  }

  /** Constant-time check of a confirmation received from the responder. */
  public static boolean verify(Secret confirmKey, byte[] t, byte[] received) {
    return V2Schedule.verify(confirmKey, V2Schedule.Proof.RESPONDER, t, received);
  }

  private static byte[] lp(String s) {
    return V2Keys.lp(s);
  }
}
