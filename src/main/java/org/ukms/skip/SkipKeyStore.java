package org.ukms.skip;

/**
 * Where the responder side of a SKIP key synchronisation leaves a key for its encryptor: the
 * sync receiver deposits, {@code GET /key/{keyId}} takes (once).
 */
public interface SkipKeyStore {
  /**
   * Holds a copy of {@code key} for the encryptor of this node under {@code keyIdHex} (lower-case
   * hex), bound to the remote system {@code remoteSystemId} it was synchronised with. The caller
   * keeps ownership of {@code key} and zeroes it.
   *
   * @return false, storing nothing, when that keyId is already held or was already delivered
   *     (a replayed or duplicate sync never overwrites a key)
   */
  boolean deposit(String remoteSystemId, String keyIdHex, byte[] key);

  /**
   * Whether a deposit could be held now (the store is open and below its bound): asked before a
   * QKD key is fetched for a sync, so a full store does not burn keys. Advisory; a deposit may
   * still be refused.
   */
  default boolean hasRoom() {
    return true;
  }
}
