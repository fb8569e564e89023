package org.ukms.bb84;

import org.ukms.crypto.Secret;

/** One end's result of a block: its statistics and its key, or null when the block aborted. */
public record Bb84Outcome(Bb84Block.Stats stats, Secret key) {
  public boolean aborted() {
    return stats.abort() != null;
  }
}
