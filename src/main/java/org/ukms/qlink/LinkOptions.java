package org.ukms.qlink;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.ukms.bb84.Bb84Settings;
import org.ukms.bb84.ChannelModel;

/**
 * One simulator end's BB84 links.
 *
 * @param kmeId this KME's ID (the ends' IDs must differ: they split the key slots)
 * @param saeId the local SAE this end serves keys to, announced to the peers
 * @param listen where to accept links (null: none); the listening end measures
 * @param connect the ends to dial; the dialing end sends the photons through {@code channel}
 * @param channel the simulated fibre of the links this end dials
 * @param block how each block is processed
 * @param slotBytes the key size in bytes: the unit the key stream is cut into
 * @param poolKeys blocks run while either end holds fewer keys of its share than this
 * @param abortPause how long the dialing end waits after an aborted block
 */
public record LinkOptions(String kmeId, String saeId, InetSocketAddress listen,
    List<InetSocketAddress> connect, ChannelModel channel, Bb84Settings block, int slotBytes,
    int poolKeys, Duration abortPause) {
  public LinkOptions {
    Objects.requireNonNull(kmeId, "kmeId");
    Objects.requireNonNull(saeId, "saeId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(abortPause, "abortPause");
    connect = List.copyOf(connect);
    if (listen == null && connect.isEmpty()) {
      throw new IllegalArgumentException("a BB84 link end needs an address to listen on or "
          + "to connect to");
    }
    if (slotBytes < 1 || poolKeys < 1) {
      throw new IllegalArgumentException("slotBytes and poolKeys must be positive");
    }
  }
}
