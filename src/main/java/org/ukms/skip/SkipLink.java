package org.ukms.skip;

import java.util.Objects;
import java.util.function.Supplier;
import org.ukms.core.KeySource;
import org.ukms.core.SkipMessage;
import org.ukms.core.V2Schedule;
import org.ukms.crypto.Secret;

/**
 * What a SKIP sync needs of one v2 peer, as the daemon's peer session has it now: our node ID
 * towards it ({@code self}, its {@code source_KME_ID} for us) and its ID, its v2 {@code mode}, its
 * key source (null in pqc mode), the pair's SKIP salt (a new {@link Secret} per call, which the
 * caller destroys) and the signed channel to its peer API.
 */
public record SkipLink(String self, String peer, V2Schedule.Mode mode, KeySource source,
    Supplier<Secret> salt, SkipMessage.Channel channel) {
  public SkipLink {
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(channel, "channel");
  }
}
