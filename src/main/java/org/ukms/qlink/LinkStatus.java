package org.ukms.qlink;

/**
 * A snapshot of one BB84 link at one end, for status and metrics (no key material).
 *
 * @param peerKmeId the KME at the other end (its configured address until it said hello)
 * @param state a one-line account: connected, dialing, or why the last block aborted
 * @param connected whether a session is running
 * @param blocks blocks finished with a key
 * @param aborts blocks aborted (no key delivered from any of them)
 * @param qber the QBER estimated in the last block that got as far (NaN before)
 * @param siftedBits sifted bits of all blocks
 * @param secretBits secret bits of the successful blocks
 * @param siftedRate sifted bits per second of the last block
 * @param secretRate secret bits per second of the last block (0 when it aborted)
 * @param stored keys of this end's share not yet handed out
 * @param delivered keys handed out at this end (enc_keys and dec_keys)
 */
public record LinkStatus(String peerKmeId, String state, boolean connected, long blocks,
    long aborts, double qber, long siftedBits, long secretBits, double siftedRate,
    double secretRate, int stored, long delivered) {}
