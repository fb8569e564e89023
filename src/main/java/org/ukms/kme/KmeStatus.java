package org.ukms.kme;

import java.util.Objects;

/** The ETSI 014 Status object (Table 9): the eleven mandatory fields; sizes in bits. */
public record KmeStatus(
    String sourceKmeId,
    String targetKmeId,
    String masterSaeId,
    String slaveSaeId,
    int keySize,
    int storedKeyCount,
    int maxKeyCount,
    int maxKeyPerRequest,
    int maxKeySize,
    int minKeySize,
    int maxSaeIdCount) {
  public KmeStatus {
    Objects.requireNonNull(sourceKmeId, "source_KME_ID");
    Objects.requireNonNull(targetKmeId, "target_KME_ID");
    Objects.requireNonNull(masterSaeId, "master_SAE_ID");
    Objects.requireNonNull(slaveSaeId, "slave_SAE_ID");
  }
}
