package org.ukms.sink;

import org.ukms.crypto.Secret;

/** Where one peer's PSK goes. Implementations must not keep or log the PSK. */
public interface PskSink {
  void install(Secret psk) throws SinkException;

  /** Releases what the sink holds (retry timers); the last PSK stays where it was written. */
  default void close() {}
}
