package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Which link an ETSI 004 stream of an end with several BB84 links reserves its run on. */
class Etsi004Bb84PeerSaeTest {
  @Test
  void peerSae_isTheDestinationUrisAuthority_orTheWholeText() {
    assertEquals("bob", Etsi004Bb84.peerSae("ukms://bob"));
    assertEquals("sae-2", Etsi004Bb84.peerSae("qkd+app://sae-2/wg0?x=1"));
    assertEquals("carol", Etsi004Bb84.peerSae("carol"));
    assertEquals("bob", Etsi004Bb84.peerSae("ukms://bob:443"));
    assertEquals("bob", Etsi004Bb84.peerSae("ukms://app@bob:443/wg0"));
    assertEquals("urn:sae:carol", Etsi004Bb84.peerSae("urn:sae:carol"));
  }
}
