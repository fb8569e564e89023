package org.ukms.tlspsk;

import java.util.Arrays;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.ukms.crypto.Secret;

/**
 * One side's TLS 1.3 external PSK as Bouncy Castle takes it (SHA-384 for the binder and key
 * schedule, as the profile fixes), and the destruction of Bouncy Castle's copy once the
 * handshake has ended. Our own copy of the key bytes lives only while the copy is made.
 */
final class ExternalPsk {
  private volatile TlsSecret copy;

  /** {@code psk} under {@code identity}, for {@code getExternalPSKs} or {@code getExternalPSK}. */
  BasicTlsPSKExternal offer(TlsCrypto crypto, byte[] identity, Secret psk) {
    byte[] key = psk.reveal();
    try {
      copy = crypto.createSecret(key);
      return new BasicTlsPSKExternal(identity, copy, PRFAlgorithm.tls13_hkdf_sha384);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Destroys Bouncy Castle's copy, if one was made and is still alive. */
  void wipe() {
    TlsSecret key = copy;
    if (key != null && key.isAlive()) {
      key.destroy();
    }
  }
}
