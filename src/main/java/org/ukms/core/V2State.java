package org.ukms.core;

import java.time.Instant;
import java.util.Objects;
import org.ukms.crypto.Secret;

/**
 * What one peer's v2 state file holds (docs/protocol-v2.md section 7): the chain position, for one
 * epoch the previous pair ({@code previousKey} null when there is none), the PSK in force and when
 * it was confirmed. The holder owns the secrets and destroys them.
 */
public record V2State(long epoch, Secret chainKey, long previousEpoch, Secret previousKey,
    Secret psk, Instant confirmedAt) {
  public V2State {
    Objects.requireNonNull(chainKey, "chainKey");
  }

  /** Zeroes every key it holds. */
  public void destroy() {
    for (Secret s : new Secret[] {chainKey, previousKey, psk}) {
      if (s != null) {
        s.destroy();
      }
    }
  }

  @Override
  public String toString() {
    return "V2State[epoch " + epoch + ", previous " + previousEpoch + ", keys redacted]";
  }
}
