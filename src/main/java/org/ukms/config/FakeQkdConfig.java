package org.ukms.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The embedded fake QKD API ({@code enable_fake_qkd_api = true} and the {@code fake_qkd_*}
 * keys). {@code linkSecretFile} is null in ukms mode; sizes in bits; rate in bits/s; zero TTL
 * means keys never expire; {@code peerSaeIds} are the peers' {@code slave_SAE_ID}s, the only SAEs
 * it serves keys for besides {@code saeId}. {@code etsi004Listen} is the loopback address where
 * it also serves ETSI 004 (the binary binding, plain TCP), or null; {@code bb84} is the BB84
 * link its keys come from ({@code fake_qkd_link = "bb84"}), null for the PRF of the link secret.
 */
public record FakeQkdConfig(
    Mode mode,
    Path linkSecretFile,
    String kmeId,
    String peerKmeId,
    String saeId,
    boolean allowRemote,
    int keySizeBits,
    int maxKeys,
    int maxKeysPerRequest,
    long rateBitsPerSecond,
    Duration keyTtl,
    Duration latency,
    double unavailableRatio,
    double dropRatio,
    List<String> peerSaeIds,
    InetSocketAddress etsi004Listen,
    Bb84LinkConfig bb84) {

  public FakeQkdConfig {
    peerSaeIds = List.copyOf(peerSaeIds);
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(kmeId, "kmeId");
    Objects.requireNonNull(peerKmeId, "peerKmeId");
    Objects.requireNonNull(saeId, "saeId");
    Objects.requireNonNull(keyTtl, "keyTtl");
    Objects.requireNonNull(latency, "latency");
    if (mode == Mode.LINK && linkSecretFile == null) {
      throw new IllegalArgumentException("link mode needs a link secret file");
    }
    if (etsi004Listen != null && mode != Mode.LINK) {
      throw new IllegalArgumentException("ETSI 004 needs link mode");
    }
  }

  /** Without ETSI 004, and without a BB84 link (linked fake KMEs agree through the PRF). */
  public FakeQkdConfig(Mode mode, Path linkSecretFile, String kmeId, String peerKmeId,
      String saeId, boolean allowRemote, int keySizeBits, int maxKeys, int maxKeysPerRequest,
      long rateBitsPerSecond, Duration keyTtl, Duration latency, double unavailableRatio,
      double dropRatio, List<String> peerSaeIds) {
    this(mode, linkSecretFile, kmeId, peerKmeId, saeId, allowRemote, keySizeBits, maxKeys,
        maxKeysPerRequest, rateBitsPerSecond, keyTtl, latency, unavailableRatio, dropRatio,
        peerSaeIds, null, null);
  }

  /** The same settings on the BB84 link {@code link} (null: the PRF). */
  public FakeQkdConfig onBb84Link(Bb84LinkConfig link) {
    return new FakeQkdConfig(mode, linkSecretFile, kmeId, peerKmeId, saeId, allowRemote,
        keySizeBits, maxKeys, maxKeysPerRequest, rateBitsPerSecond, keyTtl, latency,
        unavailableRatio, dropRatio, peerSaeIds, etsi004Listen, link);
  }

  /** The same settings also serving ETSI 004 on {@code listen} (loopback; link mode only). */
  public FakeQkdConfig servingEtsi004(InetSocketAddress listen) {
    if (listen.isUnresolved() || !listen.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("the embedded ETSI 004 API serves loopback only: "
          + listen);
    }
    return new FakeQkdConfig(mode, linkSecretFile, kmeId, peerKmeId, saeId, allowRemote,
        keySizeBits, maxKeys, maxKeysPerRequest, rateBitsPerSecond, keyTtl, latency,
        unavailableRatio, dropRatio, peerSaeIds, listen, bb84);
  }

  /** The same settings serving the peer SAEs {@code saes} (a reload's new peer list). */
  public FakeQkdConfig withPeerSaeIds(List<String> saes) {
    return new FakeQkdConfig(mode, linkSecretFile, kmeId, peerKmeId, saeId, allowRemote,
        keySizeBits, maxKeys, maxKeysPerRequest, rateBitsPerSecond, keyTtl, latency,
        unavailableRatio, dropRatio, saes, etsi004Listen, bb84);
  }

  /** Where the fake KME's keys come from ({@code fake_qkd_mode}). */
  public enum Mode {
    LINK, UKMS
  }

  /** The same settings in link mode with {@code secretFile}. */
  public FakeQkdConfig inLinkMode(Path secretFile) {
    return new FakeQkdConfig(Mode.LINK, secretFile, kmeId, peerKmeId, saeId, allowRemote,
        keySizeBits, maxKeys, maxKeysPerRequest, rateBitsPerSecond, keyTtl, latency,
        unavailableRatio, dropRatio, peerSaeIds, etsi004Listen, bb84);
  }
}
