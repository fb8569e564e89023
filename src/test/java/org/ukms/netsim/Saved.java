package org.ukms.netsim;

import java.time.Instant;
import org.ukms.core.V2State;

/** A saved state, as bytes (a file does not share memory with the process). */
record Saved(long epoch, byte[] ck, long prevEpoch, byte[] prev, byte[] psk, Instant at) {
  static Saved of(V2State s) {
    return new Saved(s.epoch(), s.chainKey().reveal(), s.previousEpoch(),
        s.previousKey() == null ? null : s.previousKey().reveal(), s.psk().reveal(),
        s.confirmedAt());
  }
}
