/**
 * A simulated BB84 quantum key distribution link, as pure code driven by injected randomness: the
 * sender's random bits and bases over a {@link org.ukms.bb84.QuantumChannel} with loss, detector
 * efficiency, intrinsic errors and an optional intercept-resend eavesdropper; sifting; parameter
 * estimation on a public random sample with a finite-size bound; Cascade error correction;
 * verification; and privacy amplification with Toeplitz hashing down to the secure length
 * ({@link org.ukms.bb84.SecureLength}). {@link org.ukms.bb84.Bb84Block} runs one block and counts
 * every bit the classical channel disclosed.
 *
 * <p>What it does not model: multi-photon pulses and decoy states, detector side channels, dark
 * counts, finite-key effects beyond the sampling bound, and the classical channel's transport and
 * authentication (the caller carries the disclosed values between the two ends).
 */
package org.ukms.bb84;
