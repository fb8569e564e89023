package org.ukms.daemon;

import java.util.List;
import org.ukms.core.KeyId;

/**
 * Told after each confirmed rotation whose PSK was installed: which peer, the epoch (v2) or the
 * install count (v1), and the key_IDs the PSK came from (none in v2 pqc mode). Never the PSK.
 */
interface InstallListener {
  InstallListener NONE = (peer, epoch, keyIds) -> { };

  void installed(String peer, long epoch, List<KeyId> keyIds);
}
