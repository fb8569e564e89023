package org.ukms.kme;

import java.util.List;
import org.ukms.core.KeyId;

/**
 * An ETSI GS QKD 014 key delivery client. The SAE ID in every call is the peer's (C-20): the
 * slave's for {@link #status} and {@link #encKeys}, the master's for {@link #decKeys}.
 */
public interface KmeClient {
  KmeStatus status(String slaveSaeId) throws KmeException;

  /** Get key: {@code number} fresh keys of {@code sizeBits} bits each to share with the slave. */
  List<DeliveredKey> encKeys(String slaveSaeId, int number, int sizeBits) throws KmeException;

  /** Get key with key IDs: the keys a master fetched for us, in request order. */
  List<DeliveredKey> decKeys(String masterSaeId, List<KeyId> keyIds) throws KmeException;
}
