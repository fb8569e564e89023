package org.ukms.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.ukms.peer.V2Auth;
import org.ukms.peer.V2Responder;

/**
 * The daemon's answers to v2 peer requests: each goes to the session of its (authenticated)
 * sender; a SKIP sync goes to the SKIP parts once the daemon installed them, else 404.
 */
final class DaemonV2Responder implements V2Responder {
  private final BooleanSupplier awaitOpen;
  private final Function<String, PeerSession> sessions;
  private final Supplier<SkipWiring.Parts> skip;

  /**
   * {@code awaitOpen} waits until every session exists (false if the daemon did not finish
   * starting); {@code sessions} looks a session up by peer ID; {@code skip} may give null.
   */
  DaemonV2Responder(BooleanSupplier awaitOpen, Function<String, PeerSession> sessions,
      Supplier<SkipWiring.Parts> skip) {
    this.awaitOpen = awaitOpen;
    this.sessions = sessions;
    this.skip = skip;
  }

  @Override
  public Optional<V2Auth> authFor(String sender) {
    if (!awaitOpen.getAsBoolean()) {
      return Optional.empty();
    }
    return sessions.apply(sender) instanceof V2PeerSession s ? Optional.of(s.auth())
        : Optional.empty();
  }

  @Override
  public Answer offer(String peer, JsonNode body) {
    return v2(peer).offer(body);
  }

  @Override
  public Answer confirm(String peer, JsonNode body) {
    return v2(peer).confirm(body);
  }

  @Override
  public Answer skip(String peer, JsonNode body) {
    SkipWiring.Parts parts = skip.get();
    return parts == null ? V2Responder.super.skip(peer, body) : parts.answer(peer, body);
  }

  /**
   * The v2 session of {@code peer}; the peer API asks only after {@code authFor} found one. If a
   * reload removed it in between, the removed (closed) session answers "restarting".
   */
  private V2PeerSession v2(String peer) {
    if (sessions.apply(peer) instanceof V2PeerSession s) {
      return s;
    }
    throw new IllegalStateException("no v2 session for " + peer);
  }
}
