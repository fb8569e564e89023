package org.ukms.sim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ukms.crypto.Hkdf;
import org.ukms.crypto.Secret;

/**
 * The cryptography of link mode: two simulator ends that hold the same link secret agree on every
 * key without talking to each other.
 *
 * <p>A key is named by its pair (master SAE, slave SAE), its pool index and its size. Its key_ID
 * is one AES-128 block, written as UUID text, that encrypts {@code magic(2) ‖ H(master)(3) ‖
 * H(slave)(3) ‖ size in bytes(2) ‖ index(6)}; its bytes are HMAC-SHA256 in counter mode over the
 * same name. Without the secret nobody can compute a key, mint a key_ID the other end accepts
 * (a random block passes the 16-bit magic and both 24-bit SAE hashes with probability 2^-64 for
 * a given pair), or learn the index or pair from a key_ID. See docs/simulator.md.
 *
 * <p>Thread-safe: each thread keeps its own initialised Cipher and Mac objects.
 */
final class LinkKeys {
  private static final byte[] MAGIC = {'u', 'k'};

  /** SAE tags kept, at most; beyond, a tag is computed each time (the SAE may come from a path). */
  static final int MAX_TAGS = 1024;

  private final SecretKeySpec idKey;
  private final SecretKeySpec keyKey;
  private final SecretKeySpec tagKey;
  // One initialised Cipher and Mac per thread: no provider look-up or key schedule per key.
  private final ThreadLocal<Cipher> sealer;
  private final ThreadLocal<Cipher> opener;
  private final ThreadLocal<Mac> keyMac;
  private final ThreadLocal<Mac> tagMac;
  private final Map<String, byte[]> tags = new ConcurrentHashMap<>();

  LinkKeys(Secret linkSecret) {
    byte[] secret = linkSecret.reveal();
    try {
      this.idKey = new SecretKeySpec(Arrays.copyOf(prf(secret, "ukms-sim key_ID v1"), 16), "AES");
      this.keyKey = new SecretKeySpec(prf(secret, "ukms-sim key bytes v1"), "HmacSHA256");
      this.tagKey = new SecretKeySpec(prf(secret, "ukms-sim SAE tag v1"), "HmacSHA256");
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    this.sealer = ThreadLocal.withInitial(() -> aes(Cipher.ENCRYPT_MODE));
    this.opener = ThreadLocal.withInitial(() -> aes(Cipher.DECRYPT_MODE));
    this.keyMac = ThreadLocal.withInitial(() -> hmac(keyKey));
    this.tagMac = ThreadLocal.withInitial(() -> hmac(tagKey));
  }

  /** What a key_ID names, once opened with the secret. */
  record Name(byte[] masterTag, byte[] slaveTag, int sizeBytes, long index) {
    boolean masterIs(LinkKeys keys, String sae) {
      return MessageDigest.isEqual(masterTag, keys.tag(sae));
    }

    boolean slaveIs(LinkKeys keys, String sae) {
      return MessageDigest.isEqual(slaveTag, keys.tag(sae));
    }
  }

  String keyId(String master, String slave, int sizeBytes, long index) {
    ByteBuffer block = ByteBuffer.allocate(16);
    block.put(MAGIC).put(tag(master)).put(tag(slave)).putShort((short) sizeBytes);
    block.putShort((short) (index >>> 32)).putInt((int) index);
    ByteBuffer sealed = ByteBuffer.wrap(crypt(sealer.get(), block.array()));
    return new java.util.UUID(sealed.getLong(), sealed.getLong()).toString();
  }

  /** The name inside a key_ID, or empty if no holder of this secret minted it. */
  Optional<Name> open(String keyId) {
    byte[] block = HexFormat.of().parseHex(keyId.replace("-", ""));
    byte[] plain = crypt(opener.get(), block);
    if (!MessageDigest.isEqual(Arrays.copyOfRange(plain, 0, 2), MAGIC)) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(plain, 8, 8);
    int size = Short.toUnsignedInt(b.getShort());
    long index = ((long) Short.toUnsignedInt(b.getShort()) << 32) | Integer.toUnsignedLong(b.getInt());
    return Optional.of(new Name(Arrays.copyOfRange(plain, 2, 5), Arrays.copyOfRange(plain, 5, 8),
        size, index));
  }

  /** The key bytes of a name: HMAC-SHA256(k, master ‖ 0 ‖ slave ‖ 0 ‖ size ‖ index ‖ block). */
  Secret key(String master, String slave, int sizeBytes, long index) {
    byte[] out = new byte[sizeBytes];
    byte[] head = (master + "\0" + slave + "\0").getBytes(StandardCharsets.UTF_8);
    byte[] chunk = new byte[32];
    Mac mac = keyMac.get();
    try {
      for (int block = 0, at = 0; at < sizeBytes; block++) {
        mac.update(head);
        mac.update(ByteBuffer.allocate(16).putInt(sizeBytes).putLong(index).putInt(block).array());
        mac.doFinal(chunk, 0);
        int n = Math.min(chunk.length, sizeBytes - at);
        System.arraycopy(chunk, 0, out, at, n);
        at += n;
      }
      return Secret.copyOf(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 failed", e);
    } finally {
      Arrays.fill(chunk, (byte) 0);
      Arrays.fill(out, (byte) 0);
    }
  }

  /** The 3-byte tag of an SAE ID; up to {@link #MAX_TAGS} are kept (tags are not secret). */
  byte[] tag(String sae) {
    byte[] tag = tags.get(sae);
    if (tag == null) {
      tag = Arrays.copyOf(tagMac.get().doFinal(sae.getBytes(StandardCharsets.UTF_8)), 3);
      if (tags.size() < MAX_TAGS) {
        tags.putIfAbsent(sae, tag);
      }
    }
    return tag;
  }

  private static byte[] crypt(Cipher cipher, byte[] block) {
    try {
      return cipher.doFinal(block); // ECB, one block: no state carries over between calls
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES failed", e);
    }
  }

  private Cipher aes(int mode) {
    try {
      Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
      aes.init(mode, idKey);
      return aes;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES unavailable", e);
    }
  }

  private static Mac hmac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static byte[] prf(byte[] secret, String label) {
    return Hkdf.hmac(secret, label.getBytes(StandardCharsets.UTF_8));
  }
}
