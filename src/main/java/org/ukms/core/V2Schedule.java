package org.ukms.core;

import java.util.Arrays;
import org.ukms.crypto.ConstantTime;
import org.ukms.crypto.Hkdf;
import org.ukms.crypto.Secret;
import org.ukms.crypto.Sha3;
import org.ukms.crypto.V2Keys;

/**
 * The v2 epoch key schedule (docs/protocol-v2.md section 5): the transcript hash, and from the chain
 * key and the fresh key material the next chain key, the PSK and the key-confirmation key; plus
 * the three confirmation MACs. Pure functions.
 */
public final class V2Schedule {
  private V2Schedule() {}

  /** Where key material comes from ({@code mode} in the configuration). */
  public enum Mode {
    QKD, PQC, HYBRID;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether an exchange in this mode takes a QKD key (qkd, hybrid). */
    public boolean usesQkd() {
      return this != PQC;
    }

    /** Whether an exchange in this mode runs ML-KEM-1024 (pqc, hybrid). */
    public boolean usesKem() {
      return this != QKD;
    }
  }

  /** What one completed exchange yields; the caller owns and destroys the secrets. */
  public record EpochKeys(Secret nextChainKey, Secret psk, Secret confirmKey) {}

  /** T = SHA3-256 over the exchange's public values, each length-prefixed. */
  public static byte[] transcript(String initiator, String responder, long epoch, Mode mode,
      String qkdKeyId, byte[] encapsulationKey, byte[] ciphertext) {
    return Sha3.sha3_256(concat(lp("ukms v2 transcript"), lp(initiator), lp(responder),
        lp(Long.toString(epoch)), lp(mode.wireName()), lp(qkdKeyId == null ? "" : qkdKeyId),
        V2Keys.lp(encapsulationKey == null ? new byte[0] : encapsulationKey),
        V2Keys.lp(ciphertext == null ? new byte[0] : ciphertext)));
  }

  /**
   * PRK = HKDF-Extract(ck_e, lp("ukms v2 ikm") ‖ lp(Kq) ‖ lp(ss)); then 96 bytes of
   * HKDF-Expand(PRK, lp("ukms v2 epoch") ‖ T) split into ck_{e+1}, psk, kc. A missing source is
   * an empty field.
   */
  public static EpochKeys derive(Secret chainKey, Secret qkdKey, Secret kemSecret, byte[] t) {
    byte[] ck = chainKey.reveal();
    byte[] kq = qkdKey == null ? new byte[0] : qkdKey.reveal();
    byte[] ss = kemSecret == null ? new byte[0] : kemSecret.reveal();
    byte[] ikm = concat(lp("ukms v2 ikm"), V2Keys.lp(kq), V2Keys.lp(ss));
    byte[] prk = Hkdf.extract(ck, ikm);
    byte[] okm = Hkdf.expand(prk, concat(lp("ukms v2 epoch"), t), 96);
    try {
      return new EpochKeys(Secret.copyOf(Arrays.copyOfRange(okm, 0, 32)),
          Secret.copyOf(Arrays.copyOfRange(okm, 32, 64)),
          Secret.copyOf(Arrays.copyOfRange(okm, 64, 96)));
    } finally {
      for (byte[] b : new byte[][] {ck, kq, ss, ikm, prk, okm}) {
        Arrays.fill(b, (byte) 0);
      }
    }
  }

  /**
   * The public ID of a chain key: the first 16 bytes of HMAC-SHA256(ck, lp("ukms v2 chain id")).
   * An offer names the chain key it runs from by epoch and ID, so two nodes at the same epoch
   * with different chain keys (a split) notice at once instead of failing key confirmation. The
   * HMAC is one-way: the ID reveals nothing of the key.
   */
  public static Blob chainId(Secret chainKey) {
    byte[] ck = chainKey.reveal();
    byte[] mac = hmac(ck, lp("ukms v2 chain id"));
    try {
      return Blob.of(Arrays.copyOf(mac, 16));
    } finally {
      Arrays.fill(ck, (byte) 0);
      Arrays.fill(mac, (byte) 0);
    }
  }

  /** The proofs HMAC-SHA256(kc, lp(label) ‖ T): the initiator's, the responder's, the ack. */
  public enum Proof {
    INITIATOR("I"), RESPONDER("R"), ACK("ack");

    private final String label;

    Proof(String label) {
      this.label = label;
    }
  }

  public static byte[] prove(Secret confirmKey, Proof proof, byte[] t) {
    byte[] kc = confirmKey.reveal();
    try {
      return hmac(kc, concat(lp(proof.label), t));
    } finally {
      Arrays.fill(kc, (byte) 0);
    }
  }

  /** Constant-time check of a proof received from the other side. */
  public static boolean verify(Secret confirmKey, Proof proof, byte[] t, byte[] received) {
    return ConstantTime.equal(prove(confirmKey, proof, t), received);
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    return Hkdf.hmac(key, data);
  }

  private static byte[] lp(String s) {
    return V2Keys.lp(s);
  }

  private static byte[] concat(byte[]... parts) {
    return V2Keys.concat(parts);
  }
}
