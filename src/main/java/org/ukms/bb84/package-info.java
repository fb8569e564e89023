/**
 * A simulated BB84 quantum key distribution link, as pure code driven by injected randomness: the
 * sender's random bits and bases over a {@link org.ukms.bb84.QuantumChannel} with loss, detector
 * efficiency, intrinsic errors and an optional intercept-resend eavesdropper; sifting; parameter
 * estimation on a public random sample with a finite-size bound; Cascade error correction;
 * verification; and privacy amplification with Toeplitz hashing down to the secure length
 * ({@link org.ukms.bb84.SecureLength}). A block is two parties' steps,
 * {@link org.ukms.bb84.Bb84Sender} and {@link org.ukms.bb84.Bb84Receiver}, exchanging
 * {@link org.ukms.bb84.Bb84Message}s; {@link org.ukms.bb84.Bb84Block} drives both in one place,
 * and {@code org.ukms.qlink} over TCP. Every bit the classical channel disclosed is counted.
 *
 * <p>What it does not model: multi-photon pulses and decoy states, detector side channels, dark
 * counts, and finite-key effects beyond the sampling bound. The classical channel's transport and
 * authentication belong to {@code org.ukms.qlink}.
 */
package org.ukms.bb84;
