/**
 * The SKIP Key Provider (draft-cisco-skip-02, docs/skip.md): the four endpoints for network
 * encryptors, the pending-key store with its zeroization rules, and the key synchronisation with
 * the peer Key Provider over the authenticated v2 peer channel.
 */
package org.ukms.skip;
