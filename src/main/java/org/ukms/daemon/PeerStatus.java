package org.ukms.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.ukms.config.WireGuardPeer;

/**
 * An immutable snapshot of one peer session, as {@code /status}, {@code /health} and
 * {@code ukms status} show it. Holds no key material: the PSK appears only as its fingerprint.
 *
 * @param peer the peer's ID (its table name)
 * @param alias the PSK file's alias
 * @param protocol {@code "ukms-v1"} or {@code "v2"}
 * @param mode the v2 mode ({@code qkd}, {@code pqc}, {@code hybrid}); {@code qkd} for v1
 * @param keySource where QKD keys come from ({@code etsi014}), or {@code none} in {@code pqc} mode
 * @param epoch the v2 epoch in force; -1 for v1
 * @param lastConfirmed when the PSK in force was confirmed by both sides (v2) or installed (v1);
 *     null before the first one
 * @param lifetime how old the PSK in force may grow before the peer counts as unhealthy: the v2
 *     {@code psk_lifetime_seconds}, or three rotation periods for v1
 * @param fingerprint the fingerprint of the PSK in force as this session knows it, or null
 * @param consecutiveFailures failed rounds since the last success
 * @param lastError the last failure's one-line description (no secrets), or null
 * @param nextRotation when the next own round is due, or null when none is scheduled
 * @param pskFile the PSK file, or null without {@code key_folder}
 * @param wireguard the WireGuard peer the PSK is applied to, or null
 * @param counters the peer's counters
 */
public record PeerStatus(String peer, String alias, String protocol, String mode,
    String keySource, long epoch, Instant lastConfirmed, Duration lifetime, String fingerprint,
    long consecutiveFailures, String lastError, Instant nextRotation, Path pskFile,
    WireGuardPeer wireguard, RotationStats.PeerStats counters) {
  public PeerStatus {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(keySource, "keySource");
    Objects.requireNonNull(lifetime, "lifetime");
    Objects.requireNonNull(counters, "counters");
  }

  /** The same snapshot naming the PSK file (the daemon knows the folder, the session not). */
  public PeerStatus withPskFile(Path file) {
    return new PeerStatus(peer, alias, protocol, mode, keySource, epoch, lastConfirmed, lifetime,
        fingerprint, consecutiveFailures, lastError, nextRotation, file, wireguard, counters);
  }

  /** How old the PSK in force is at {@code now}, or null before the first confirmation. */
  public Duration pskAge(Instant now) {
    return lastConfirmed == null ? null : Duration.between(lastConfirmed, now);
  }

  /** Ready: a confirmed PSK younger than {@link #lifetime}. */
  public boolean healthy(Instant now) {
    return lastConfirmed != null && pskAge(now).compareTo(lifetime) < 0;
  }

  /** Why the peer is not healthy at {@code now} (one line), or null when it is. */
  public String problem(Instant now) {
    if (lastConfirmed == null) {
      return "no confirmed PSK yet" + (lastError == null ? "" : "; last error: " + lastError);
    }
    if (healthy(now)) {
      return null;
    }
    return "PSK is " + pskAge(now).toSeconds() + " s old, older than its lifetime of "
        + lifetime.toSeconds() + " s" + (lastError == null ? "" : "; last error: " + lastError);
  }
}
