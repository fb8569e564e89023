package org.ukms.daemon;

import java.util.List;
import java.util.Objects;

/**
 * A snapshot of the SKIP Key Provider for {@code /status} and {@code ukms status}: who it is,
 * where it listens, whom it serves, and how many synchronised keys wait. No key, keyId or PSK.
 */
public record SkipStatus(String localSystemId, String listen, List<String> remoteSystems,
    List<String> encryptors, int pendingKeys) {
  public SkipStatus {
    Objects.requireNonNull(localSystemId, "localSystemId");
    Objects.requireNonNull(listen, "listen");
    remoteSystems = List.copyOf(remoteSystems);
    encryptors = List.copyOf(encryptors);
  }
}
