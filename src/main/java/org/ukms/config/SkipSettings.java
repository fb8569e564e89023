package org.ukms.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code [skip]} table: this node as a SKIP Key Provider (docs/skip.md, "Configuration").
 * {@code host}:{@code port} is the TLS-PSK listener for encryptors; {@code remoteSystems} maps
 * remote system IDs or globs, in file order, to the v2 peers whose Key Providers they are;
 * {@code encryptors} are the TLS-PSK identities allowed in, each with its PSK file (never read
 * here beyond its mode).
 */
public record SkipSettings(
    String host,
    int port,
    boolean allowRemote,
    String localSystemId,
    String algorithm,
    Duration keyTtl,
    int maxPendingKeys,
    boolean entropy,
    int minKeyBits,
    int maxKeyBits,
    boolean allowPlainPsk,
    List<RemoteSystem> remoteSystems,
    List<Encryptor> encryptors) {
  /** The key size of a {@code GET /key} without {@code size}. */
  public static final int DEFAULT_KEY_BITS = 256;

  public SkipSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(localSystemId, "localSystemId");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(keyTtl, "keyTtl");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range");
    }
    if (minKeyBits % 8 != 0 || maxKeyBits % 8 != 0 || minKeyBits < 8 || minKeyBits > maxKeyBits) {
      throw new IllegalArgumentException("key size limits out of order");
    }
    remoteSystems = List.copyOf(remoteSystems);
    encryptors = List.copyOf(encryptors);
  }

  /** {@code pattern} (a remote system ID or a POSIX glob) belongs to the v2 peer {@code peerId}. */
  public record RemoteSystem(String pattern, String peerId) {
    public RemoteSystem {
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(peerId, "peerId");
    }
  }

  /**
   * An encryptor allowed in with TLS-PSK {@code identity}; its PSK is in {@code pskFile};
   * {@code remoteSystems} (patterns; empty: all of this Key Provider's) are the remote systems
   * it may ask keys for and fetch keys from.
   */
  public record Encryptor(String identity, Path pskFile, PskFormat format,
      List<String> remoteSystems) {
    public Encryptor {
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(pskFile, "pskFile");
      Objects.requireNonNull(format, "format");
      remoteSystems = List.copyOf(remoteSystems);
    }

    /** An encryptor that may use every remote system. */
    public Encryptor(String identity, Path pskFile, PskFormat format) {
      this(identity, pskFile, format, List.of());
    }
  }

  /** How a PSK file holds the key: hex digits ({@code key hex}) or the ASCII bytes ({@code key 0}). */
  public enum PskFormat {
    HEX, ASCII;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The patterns of {@link #remoteSystems} that belong to {@code peerId}, in file order. */
  public List<String> patternsFor(String peerId) {
    return remoteSystems.stream().filter(r -> r.peerId().equals(peerId))
        .map(RemoteSystem::pattern).toList();
  }
}
