/**
 * The SKIP Key Provider (draft-cisco-skip-02, docs/skip.md): the four endpoints for network
 * encryptors, the pending-key store with its zeroization rules, and the key synchronisation with
 * the peer Key Provider over the authenticated v2 peer channel ({@link org.ukms.skip.SkipSync}
 * initiates, {@link org.ukms.skip.SkipResponder} answers). It imports {@code core}, {@code crypto}
 * and {@code config} records, never {@code peer}, {@code kme}, {@code etsi004} or {@code daemon}:
 * the daemon hands it each v2 peer's channel, key source and salt as a {@link
 * org.ukms.skip.SkipLink}.
 */
package org.ukms.skip;
