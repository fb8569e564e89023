package org.ukms.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.ukms.core.V2Schedule;

/**
 * The v2 protocol settings of one peer (docs/protocol-v2.md section 8): the pair's auth key file,
 * the mode, the ETSI 004 key manager ({@code etsi004}; null: ETSI 014 or none), the fail-closed deadline and what happens at it, and the accepted clock
 * difference of authenticated messages.
 */
public record V2Settings(Path authKeyFile, V2Schedule.Mode mode, Duration pskLifetime,
    boolean keepOnExpiry, Duration authWindow, Etsi004Settings etsi004) {
  /** A peer whose QKD keys, if any, come from ETSI 014. */
  public V2Settings(Path authKeyFile, V2Schedule.Mode mode, Duration pskLifetime,
      boolean keepOnExpiry, Duration authWindow) {
    this(authKeyFile, mode, pskLifetime, keepOnExpiry, authWindow, null);
  }

  public V2Settings {
    Objects.requireNonNull(authKeyFile, "authKeyFile");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(pskLifetime, "pskLifetime");
    Objects.requireNonNull(authWindow, "authWindow");
  }
}
