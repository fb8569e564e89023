package org.ukms.skip;

/**
 * The initiator side of {@code GET /key}: makes a new key for {@code remoteSystemId}, synchronised
 * with the Key Provider behind the v2 peer {@code peerId} before it returns (SKIP-KEY-08).
 */
public interface KeyMinter {
  /**
   * @param remoteSystemId the remote system as the encryptor named it (already checked against
   *     the configured list)
   * @param peerId the v2 peer that remote system maps to
   * @param sizeBits the key size in bits, a checked multiple of 8
   * @throws SkipSyncException when the key could not be synchronised; no key exists then
   */
  Minted mint(String remoteSystemId, String peerId, int sizeBits) throws SkipSyncException;

  /**
   * A synchronised key: its keyId (32 lower-case hex characters) and its bytes, which the
   * caller zeroes after delivery. {@code toString} never shows the key.
   */
  record Minted(String keyIdHex, byte[] key) {
    public Minted {
      java.util.Objects.requireNonNull(keyIdHex, "keyIdHex");
      java.util.Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
      return "Minted[keyId=" + keyIdHex + ", " + key.length + " bytes]";
    }
  }
}
