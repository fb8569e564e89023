package org.ukms.daemon;

import java.util.List;
import org.ukms.qlink.LinkStatus;

/**
 * One BB84 link of the embedded fake QKD API as {@code /status} and {@code ukms status} show it
 * (no key material), so the admin endpoint needs nothing of the simulator's packages.
 *
 * @param peerKme the KME at the other end (its configured address until it said hello)
 * @param state a one-line account: connected, dialing, or why the last block aborted
 * @param qber the QBER of the last block that got as far (NaN before)
 * @param siftedRate sifted bits per second of the last block
 * @param secretRate secret bits per second of the last block (0 when it aborted)
 */
public record FakeQkdLink(String peerKme, String state, boolean connected, double qber,
    long blocks, long aborts, double siftedRate, double secretRate, int storedKeys,
    long keysDelivered) {
  static List<FakeQkdLink> of(List<LinkStatus> links) {
    return links.stream().map(l -> new FakeQkdLink(l.peerKmeId(), l.state(), l.connected(),
        l.qber(), l.blocks(), l.aborts(), l.siftedRate(), l.secretRate(), l.stored(),
        l.delivered())).toList();
  }
}
