package org.ukms.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.Function;
import org.ukms.config.PeerConfig;
import org.ukms.config.SkipSettings;
import org.ukms.config.UkmsConfig;
import org.ukms.peer.OkHttpV2Client;
import org.ukms.peer.SkipCodec;
import org.ukms.peer.V2Auth;
import org.ukms.peer.V2Responder;
import org.ukms.skip.KeyMinter;
import org.ukms.skip.SkipKeyStore;
import org.ukms.skip.SkipLink;
import org.ukms.skip.SkipResponder;
import org.ukms.skip.SkipSync;

/**
 * Builds the two halves of SKIP key synchronisation for a daemon with a {@code [skip]} table:
 * the {@link KeyMinter} behind {@code GET /key} and the answer of {@link V2Responder#skip}. Both
 * look the peer's session up at the time of each call, so a reloaded peer's new auth and key
 * source are used at once.
 */
final class SkipWiring {
  private SkipWiring() {}

  /** The minter for the SKIP API, and the handler for {@code POST /api/v2/peer/skip}. */
  record Parts(KeyMinter minter, SkipResponder responder) {
    /** What the daemon's {@code V2Responder.skip(peer, body)} returns. */
    V2Responder.Answer answer(String peer, JsonNode body) {
      return SkipCodec.respond(body, sync -> responder.answer(peer, sync));
    }
  }

  /**
   * The parts for {@code config} (empty without a {@code [skip]} table): {@code sessions} is the
   * daemon's session lookup by peer ID ({@code sessions::get}), {@code client} its v2 client,
   * {@code store} where the responder leaves keys for this node's encryptor.
   */
  static Optional<Parts> create(UkmsConfig config, Function<String, PeerSession> sessions,
      OkHttpV2Client client, SkipKeyStore store, SecureRandom random) {
    SkipSettings skip = config.skip();
    if (skip == null) {
      return Optional.empty();
    }
    Function<String, Optional<SkipLink>> links = peerId ->
        sessions.apply(peerId) instanceof V2PeerSession s ? Optional.of(link(s, client))
            : Optional.empty();
    return Optional.of(new Parts(SkipSync.create(skip, links, random),
        SkipResponder.create(skip, links, store, random)));
  }

  /** The link to the peer of {@code session}: its auth, mode, key source and channel now. */
  static SkipLink link(V2PeerSession session, OkHttpV2Client client) {
    PeerConfig peer = session.config();
    V2Auth auth = session.auth();
    return new SkipLink(auth.self(), auth.peer(), peer.v2().mode(), session.keySourceForSkip(),
        auth::skipSalt, client.skipChannel(peer.ukmsUrl(), auth, peer.peerTimeout()));
  }
}
