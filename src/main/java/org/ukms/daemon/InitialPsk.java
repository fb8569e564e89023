package org.ukms.daemon;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Optional;
import org.ukms.config.PeerConfig;
import org.ukms.crypto.Fingerprint;
import org.ukms.crypto.Secret;
import org.ukms.sink.ChainStateFile;
import org.ukms.sink.PskFile;

/**
 * The PSK a WireGuard peer gets when the daemon starts, before the peer API listens or any
 * rotation runs, so that WireGuard never completes a handshake without a PSK from us. A v2 peer
 * gets the PSK of its saved chain state unless that is older than the PSK lifetime (then random,
 * as fail-closed would have made it; {@code on_expiry = "keep"} keeps it); a v1 peer gets its PSK
 * file. Without either it is a fresh random PSK, which blocks the tunnel until the first
 * rotation, instead of letting it run unprotected.
 */
record InitialPsk(Secret psk, String source) {
  private static final System.Logger logger = System.getLogger("org.ukms.wireguard");

  static InitialPsk v2(PeerConfig peer, Optional<ChainStateFile.State> saved,
      InstantSource clock, SecureRandom random) {
    if (saved.isEmpty() || saved.get().psk() == null) {
      return random(random, "random_no_state");
    }
    ChainStateFile.State state = saved.get();
    Instant deadline = state.confirmedAt().plus(peer.v2().pskLifetime());
    if (!peer.v2().keepOnExpiry() && !clock.instant().isBefore(deadline)) {
      return random(random, "random_state_expired");
    }
    return new InitialPsk(Secret.copyOf(state.psk().reveal()), "state");
  }

  /** {@code file} is null without a key folder. */
  static InitialPsk v1(PskFile file, SecureRandom random) {
    Optional<Secret> saved = file == null ? Optional.empty() : file.load();
    return saved.map(s -> new InitialPsk(s, "psk_file"))
        .orElseGet(() -> random(random, "random_no_psk_file"));
  }

  private static InitialPsk random(SecureRandom random, String source) {
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    Secret psk = Secret.copyOf(raw);
    Arrays.fill(raw, (byte) 0);
    return new InitialPsk(psk, source);
  }

  /** Applies the PSK (retrying on failure, see {@link WireGuardApplier}), then zeroes it. */
  void applyTo(PeerConfig peer, WireGuardApplier wireguard) {
    logger.log(System.Logger.Level.INFO, "peer=" + peer.id() + " event=wireguard_initial_psk "
        + "source=" + source + " psk_fingerprint=" + Fingerprint.of(psk));
    try {
      wireguard.install(psk);
    } finally {
      psk.destroy();
    }
  }

  @Override
  public String toString() {
    return "InitialPsk[source=" + source + "]";
  }
}
