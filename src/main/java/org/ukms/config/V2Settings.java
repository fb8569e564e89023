package org.ukms.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.ukms.core.V2Schedule;

/**
 * The v2 protocol settings of one peer (docs/protocol-v2.md section 8): the pair's auth key file,
 * the key source, the fail-closed deadline and what happens at it, and the accepted clock
 * difference of authenticated messages.
 */
public record V2Settings(Path authKeyFile, V2Schedule.Mode mode, Duration pskLifetime,
    boolean keepOnExpiry, Duration authWindow) {
  public V2Settings {
    Objects.requireNonNull(authKeyFile, "authKeyFile");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(pskLifetime, "pskLifetime");
    Objects.requireNonNull(authWindow, "authWindow");
  }
}
