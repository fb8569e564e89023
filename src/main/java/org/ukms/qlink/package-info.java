/**
 * The BB84 link between two simulator ends over TCP: one end dials and sends the simulated
 * photons (with the {@link org.ukms.bb84.ChannelModel} applied in transit), the other listens
 * and measures; both then run the classical steps of {@link org.ukms.bb84} as two parties over
 * the same connection, every frame authenticated with HMAC-SHA256 under a key derived from the
 * link secret, with sequence numbers. Successful blocks fill a {@link org.ukms.qlink.KeyStream}
 * at each end in the same order; the simulated KME hands out keys from it. See docs/bb84.md.
 *
 * <p>May import {@code bb84}, {@code crypto} and {@code net} (the accept loop); must not import {@code sim}, {@code config},
 * {@code daemon} or {@code cli}.
 */
package org.ukms.qlink;
