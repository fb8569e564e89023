package org.ukms.daemon;

import org.ukms.crypto.Secret;
import org.ukms.sink.PskSink;
import org.ukms.sink.SinkException;

/**
 * Everything one peer's PSK goes to, in order: its file (unless {@code key_folder} is unset),
 * then its WireGuard peer. A failed file write does not keep the PSK from WireGuard, since the
 * peer installs it too; the file's error is reported after WireGuard had its turn.
 */
final class PskOutputs implements PskSink {
  private final PskSink file;
  private final WireGuardApplier wireguard;

  /** Either may be null, not both. */
  PskOutputs(PskSink file, WireGuardApplier wireguard) {
    if (file == null && wireguard == null) {
      throw new IllegalArgumentException("a PSK needs somewhere to go");
    }
    this.file = file;
    this.wireguard = wireguard;
  }

  @Override
  public void install(Secret psk) throws SinkException {
    SinkException fileError = null;
    if (file != null) {
      try {
        file.install(psk);
      } catch (SinkException e) {
        fileError = e;
      }
    }
    if (wireguard != null) {
      wireguard.install(psk);
    }
    if (fileError != null) {
      throw fileError;
    }
  }

  /**
   * Hands the PSK to the file (which may coalesce it with later ones, see CoalescingPskSink) and
   * applies it to WireGuard; the result waits for the file. Call under the session's lock.
   */
  @Override
  public Pending submit(Secret psk) {
    Pending written = file == null ? Pending.DONE : file.submit(psk);
    if (wireguard != null) {
      wireguard.install(psk);
    }
    return written;
  }

  @Override
  public void close() {
    if (wireguard != null) {
      wireguard.close();
    }
  }
}
