package org.ukms.sink;

import org.ukms.crypto.Secret;

/** Where one peer's PSK goes. Implementations must not keep or log the PSK. */
public interface PskSink {
  /** Installs {@code psk}; returns once it is in place (durably, for a file). */
  void install(Secret psk) throws SinkException;

  /** Releases what the sink holds (retry timers); the last PSK stays where it was written. */
  default void close() {}

  /**
   * Hands {@code psk} over without waiting for it to be in place: call it where PSKs are ordered
   * (under the caller's lock), then {@link Pending#await()} outside that lock. A PSK handed over
   * later supersedes this one, and the sink may then skip writing this one. Never throws: a
   * failure comes out of {@link Pending#await()}. By default it installs at once.
   */
  default Pending submit(Secret psk) {
    try {
      install(psk);
      return Pending.DONE;
    } catch (SinkException e) {
      return () -> {
        throw e;
      };
    }
  }

  /** A submitted PSK on its way. */
  interface Pending {
    Pending DONE = () -> { };

    /**
     * Returns once this PSK or a newer one is in place; throws if the write that would have
     * covered it failed (the file then holds an older PSK).
     */
    void await() throws SinkException;
  }
}
