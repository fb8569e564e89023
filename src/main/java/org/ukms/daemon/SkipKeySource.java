package org.ukms.daemon;

import java.util.function.BooleanSupplier;
import org.ukms.core.KeyRef;
import org.ukms.core.KeySource;
import org.ukms.core.KeySourceException;
import org.ukms.crypto.Secret;
import org.ukms.http.InFlight;

/**
 * A peer session's key source as SKIP's key sync uses it: each call is counted in the session's
 * {@link InFlight} like a round, so closing the session waits for it before the source is closed;
 * once the session is closing, a call is refused ("try again soon") and never reaches the source.
 * {@link #close()} does nothing: the session owns the source.
 */
final class SkipKeySource implements KeySource {
  private final KeySource source;
  private final InFlight inFlight;
  private final BooleanSupplier closed;
  private final String peer;

  /** {@code closed} tells whether the session was closed (read after entering). */
  SkipKeySource(KeySource source, InFlight inFlight, BooleanSupplier closed, String peer) {
    this.source = source;
    this.inFlight = inFlight;
    this.closed = closed;
    this.peer = peer;
  }

  @Override
  public Delivered fresh() throws KeySourceException {
    enter();
    try {
      return source.fresh();
    } finally {
      inFlight.exit();
    }
  }

  @Override
  public Secret fetch(KeyRef ref) throws KeySourceException {
    enter();
    try {
      return source.fetch(ref);
    } finally {
      inFlight.exit();
    }
  }

  /** Counts the call; refuses it when the session is closing (the count is undone). */
  private void enter() throws KeySourceException {
    inFlight.enter();
    if (closed.getAsBoolean()) {
      inFlight.exit();
      throw new KeySourceException("peer " + peer + ": its session is restarting; try again soon",
          true, null);
    }
  }
}
