package org.ukms.kme;

import java.util.List;
import java.util.Objects;
import org.ukms.core.KeyId;
import org.ukms.core.KeyRef;
import org.ukms.core.KeySource;
import org.ukms.core.KeySourceException;
import org.ukms.crypto.Secret;

/**
 * ETSI GS QKD 014 as a {@link KeySource}: {@code enc_keys} for a fresh 256-bit key towards the
 * peer's SAE, {@code dec_keys} by key_ID at the other end. The reference is the key_ID.
 */
public final class Etsi014KeySource implements KeySource {
  private final KmeClient kme;
  private final String peerSae;

  public Etsi014KeySource(KmeClient kme, String peerSae) {
    this.kme = Objects.requireNonNull(kme, "kme");
    this.peerSae = Objects.requireNonNull(peerSae, "peerSae");
  }

  @Override
  public Delivered fresh() throws KeySourceException {
    try {
      DeliveredKey key = kme.encKeys(peerSae, 1, KmeClient.KEY_BITS).get(0);
      return new Delivered(KeyRef.of(key.id()), key.key());
    } catch (KmeException e) {
      throw new KeySourceException(e.getMessage(), e.isTransient(), e);
    } catch (KmeProtocolException e) {
      throw new KeySourceException(e.getMessage(), true, e);
    }
  }

  @Override
  public Secret fetch(KeyRef ref) throws KeySourceException {
    if (!KeyId.isValid(ref.value())) {
      throw new KeySourceException("key reference " + ref + " is not an ETSI 014 key_ID (a UUID)",
          false, null);
    }
    try {
      return kme.decKeys(peerSae, List.of(new KeyId(ref.value())), KmeClient.KEY_BITS).get(0)
          .key();
    } catch (KmeException e) {
      throw new KeySourceException(e.getMessage(), e.isTransient(), e);
    } catch (KmeProtocolException e) {
      throw new KeySourceException(e.getMessage(), true, e);
    }
  }
}
