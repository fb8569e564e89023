package org.ukms.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMExtractor;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMKeyPairGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPrivateKeyParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPublicKeyParameters;

/**
 * ML-KEM-1024 (FIPS 203) through Bouncy Castle's lightweight API: an ephemeral key pair per
 * rotation, encapsulation against a peer's encapsulation key, decapsulation. Shared secrets are
 * 32 bytes and live only in {@link Secret}s.
 */
public final class MlKem {
  public static final int ENCAPSULATION_KEY_BYTES = 1568;
  public static final int CIPHERTEXT_BYTES = 1568;

  private MlKem() {}

  /** The decapsulation half stays here; only the encapsulation key goes on the wire. */
  public static final class KeyPair {
    private final byte[] encapsulationKey;
    private MLKEMPrivateKeyParameters decapsulationKey;

    private KeyPair(byte[] encapsulationKey, MLKEMPrivateKeyParameters decapsulationKey) {
      this.encapsulationKey = encapsulationKey;
      this.decapsulationKey = decapsulationKey;
    }

    public byte[] encapsulationKey() {
      return encapsulationKey.clone();
    }

    /** The shared secret of {@code ciphertext}; usable once, then the private key is dropped. */
    public Secret decapsulate(byte[] ciphertext) {
      if (decapsulationKey == null) {
        throw new IllegalStateException("key pair already used");
      }
      if (ciphertext.length != CIPHERTEXT_BYTES) {
        throw new IllegalArgumentException("ML-KEM-1024 ciphertext must be " + CIPHERTEXT_BYTES
            + " bytes, found " + ciphertext.length);
      }
      byte[] ss = new MLKEMExtractor(decapsulationKey).extractSecret(ciphertext);
      decapsulationKey = null;
      return Secret.wrap(ss);
    }

    @Override
    public String toString() {
      return "MlKem.KeyPair[redacted]";
    }
  }

  /** A ciphertext for the peer and the shared secret it encapsulates. */
  public record Encapsulation(byte[] ciphertext, Secret sharedSecret) {
    @Override
    public String toString() {
      return "MlKem.Encapsulation[" + ciphertext.length + " bytes, secret redacted]";
    }
  }

  public static KeyPair generate(SecureRandom random) {
    MLKEMKeyPairGenerator generator = new MLKEMKeyPairGenerator();
    generator.init(new MLKEMKeyGenerationParameters(random, MLKEMParameters.ml_kem_1024));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    return new KeyPair(((MLKEMPublicKeyParameters) pair.getPublic()).getEncoded(),
        (MLKEMPrivateKeyParameters) pair.getPrivate());
  }

  public static Encapsulation encapsulate(byte[] encapsulationKey, SecureRandom random) {
    if (encapsulationKey.length != ENCAPSULATION_KEY_BYTES) {
      throw new IllegalArgumentException("ML-KEM-1024 encapsulation key must be "
          + ENCAPSULATION_KEY_BYTES + " bytes, found " + encapsulationKey.length);
    }
    MLKEMPublicKeyParameters key =
        new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_1024, encapsulationKey);
    SecretWithEncapsulation result = new MLKEMGenerator(random).generateEncapsulated(key);
    byte[] ss = result.getSecret();
    try {
      return new Encapsulation(result.getEncapsulation(), Secret.copyOf(ss));
    } finally {
      Arrays.fill(ss, (byte) 0);
    }
  }
}
