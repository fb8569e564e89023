package org.ukms.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One {@code [peers.<id>]} table. {@code id} is the table name (the peer's own
 * {@code source_KME_ID}); {@code sourceKmeId} is our ID as the peer knows it; {@code slaveSaeId}
 * is the peer's SAE ID; {@code masterSaeId} is ours and may be null (uKMS never uses it).
 */
public record PeerConfig(
    String id,
    String alias,
    String sourceKmeId,
    String masterSaeId,
    String slaveSaeId,
    URI ukmsUrl,
    KmeSettings kme,
    Duration rotationPeriod,
    Duration peerTimeout,
    Protocol protocol,
    V2Settings v2,
    PeerOutputs outputs) {
  public PeerConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(sourceKmeId, "sourceKmeId");
    Objects.requireNonNull(slaveSaeId, "slaveSaeId");
    Objects.requireNonNull(ukmsUrl, "ukmsUrl");
    if (kme == null && (v2 == null
        || (v2.mode().usesQkd() && v2.etsi004() == null))) {
      throw new IllegalArgumentException("only a v2 peer in pqc mode or on ETSI 004 may have no "
          + "ETSI 014 KME");
    }
    Objects.requireNonNull(rotationPeriod, "rotationPeriod");
    Objects.requireNonNull(peerTimeout, "peerTimeout");
    Objects.requireNonNull(protocol, "protocol");
    if ((protocol == Protocol.V2) != (v2 != null)) {
      throw new IllegalArgumentException("v2 settings go with protocol v2");
    }
    Objects.requireNonNull(outputs, "outputs");
  }

  /** A peer whose PSK goes only to its file. */
  public PeerConfig(String id, String alias, String sourceKmeId, String masterSaeId,
      String slaveSaeId, URI ukmsUrl, KmeSettings kme, Duration rotationPeriod,
      Duration peerTimeout, Protocol protocol, V2Settings v2) {
    this(id, alias, sourceKmeId, masterSaeId, slaveSaeId, ukmsUrl, kme, rotationPeriod,
        peerTimeout, protocol, v2, PeerOutputs.NONE);
  }

  /** A uKMS v1 peer (as every peer before v2). */
  public PeerConfig(String id, String alias, String sourceKmeId, String masterSaeId,
      String slaveSaeId, URI ukmsUrl, KmeSettings kme, Duration rotationPeriod,
      Duration peerTimeout, Protocol protocol) {
    this(id, alias, sourceKmeId, masterSaeId, slaveSaeId, ukmsUrl, kme, rotationPeriod,
        peerTimeout, protocol, null, PeerOutputs.NONE);
  }

  public PeerConfig withUkmsUrl(URI url) {
    return new PeerConfig(id, alias, sourceKmeId, masterSaeId, slaveSaeId, url, kme,
        rotationPeriod, peerTimeout, protocol, v2, outputs);
  }

  public PeerConfig withRotationPeriod(Duration period) {
    return new PeerConfig(id, alias, sourceKmeId, masterSaeId, slaveSaeId, ukmsUrl, kme, period,
        peerTimeout, protocol, v2, outputs);
  }

  public PeerConfig withKme(KmeSettings settings) {
    return new PeerConfig(id, alias, sourceKmeId, masterSaeId, slaveSaeId, ukmsUrl, settings,
        rotationPeriod, peerTimeout, protocol, v2, outputs);
  }

  /** The same v2 peer taking its QKD keys from the ETSI 004 key manager {@code km}. */
  public PeerConfig withEtsi004(Etsi004Settings km) {
    return new PeerConfig(id, alias, sourceKmeId, masterSaeId, slaveSaeId, ukmsUrl, null,
        rotationPeriod, peerTimeout, protocol, new V2Settings(v2.authKeyFile(), v2.mode(),
            v2.pskLifetime(), v2.keepOnExpiry(), v2.authWindow(), km), outputs);
  }

  /** Where the peer's QKD keys come from, as status and logs name it: etsi014, etsi004 or none. */
  public String keySourceName() {
    return v2() != null && v2().etsi004() != null ? "etsi004" : kme() == null ? "none" : "etsi014";
  }
}
