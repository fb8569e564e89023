/**
 * Key material and the primitives over it: {@link org.ukms.crypto.Secret} (the only holder of
 * secret bytes), SHA3-256, HKDF and the v2 key schedule ({@link org.ukms.crypto.V2Keys}),
 * ML-KEM-1024 ({@link org.ukms.crypto.MlKem}), constant-time comparison, strict Base64 and PSK
 * fingerprints.
 *
 * <p>Imports only the JDK and Bouncy Castle (for ML-KEM); never any other ukms package.
 */
package org.ukms.crypto;
