/**
 * Key material and the primitives over it: {@link org.ukms.crypto.Secret} (the only holder of
 * secret bytes), SHA3-256, strict Base64 and PSK fingerprints.
 *
 * <p>Imports only the JDK (and later Bouncy Castle); never any other ukms package.
 */
package org.ukms.crypto;
