package org.ukms.skip;

import java.util.List;
import java.util.Map;

/**
 * Which remote systems each encryptor (by its TLS PSK identity) may ask keys for or fetch keys
 * from: an identity with patterns is held to them (POSIX fnmatch, as {@code remoteSystemID}), an
 * identity without any may use every remote system of this Key Provider. One router so cannot
 * take a key that was synchronised for another router's tunnel.
 */
public final class EncryptorScopes {
  private static final EncryptorScopes ALL = new EncryptorScopes(Map.of());

  private final Map<String, List<String>> patterns;

  private EncryptorScopes(Map<String, List<String>> patterns) {
    this.patterns = patterns;
  }

  /** Every encryptor may use every remote system. */
  public static EncryptorScopes all() {
    return ALL;
  }

  /** {@code patterns} by identity; identities not in it, or with no patterns, are unrestricted. */
  public static EncryptorScopes of(Map<String, List<String>> patterns) {
    return new EncryptorScopes(Map.copyOf(patterns));
  }

  boolean allows(String identity, String remoteSystemId) {
    List<String> own = patterns.getOrDefault(identity, List.of());
    return own.isEmpty() || own.stream().anyMatch(p -> Fnmatch.matches(p, remoteSystemId));
  }
}
