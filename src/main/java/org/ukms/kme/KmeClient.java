package org.ukms.kme;

import java.util.List;
import org.ukms.core.KeyId;

/**
 * An ETSI GS QKD 014 key delivery client. The SAE ID in every call is the peer's (C-20): the
 * slave's for {@link #status} and {@link #encKeys}, the master's for {@link #decKeys}.
 */
public interface KmeClient {
  /** The size ukms asks {@code enc_keys} for: one WireGuard PSK's worth (etsi-014.md §7). */
  int KEY_BITS = 256;
  /** For {@link #decKeys(String, List, int)}: the master's size is unknown; any key will do. */
  int ANY_SIZE = 0;

  KmeStatus status(String slaveSaeId) throws KmeException;

  /**
   * Get key: {@code number} fresh keys of {@code sizeBits} bits each to share with the slave; a
   * key of another size is a {@link KmeProtocolException}.
   */
  List<DeliveredKey> encKeys(String slaveSaeId, int number, int sizeBits) throws KmeException;

  /**
   * Get key with key IDs: the keys a master fetched for us, in request order, each of
   * {@code sizeBits} bits, the size the master asked for (or {@link #ANY_SIZE}); a key of
   * another size is a {@link KmeProtocolException}.
   */
  List<DeliveredKey> decKeys(String masterSaeId, List<KeyId> keyIds, int sizeBits)
      throws KmeException;

  /** Get key with key IDs fetched by a ukms master, which asked for {@link #KEY_BITS}. */
  default List<DeliveredKey> decKeys(String masterSaeId, List<KeyId> keyIds)
      throws KmeException {
    return decKeys(masterSaeId, keyIds, KEY_BITS);
  }
}
