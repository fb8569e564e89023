package org.ukms.core;

import java.time.Duration;
import java.util.Objects;
import org.ukms.crypto.Secret;

/**
 * What the v2 core asks its driver to do next. Each decision that needs I/O carries a token; the
 * driver reports the outcome with that token, and the core ignores outcomes whose token is no
 * longer current (an exchange it has since abandoned). Secrets in a decision belong to the driver,
 * which destroys them after use.
 */
public sealed interface V2Decision {
  None NONE = new None();

  /** Nothing to do. */
  record None() implements V2Decision {}

  /** Initiator: fetch a fresh QKD key ({@code enc_keys}); then {@code keyFetched}/{@code keyFailed}. */
  record FetchKey(long token) implements V2Decision {}

  /** Responder: fetch the key the offer names ({@code dec_keys}); then {@code peerKeyFetched}/… */
  record FetchPeerKey(long token, KeyRef keyId) implements V2Decision {
    public FetchPeerKey {
      Objects.requireNonNull(keyId, "keyId");
    }
  }

  /** Initiator: send {@code request} (an offer or a confirm); then {@code answered(token, …)}. */
  record Send(long token, V2Message request) implements V2Decision {
    public Send {
      Objects.requireNonNull(request, "request");
    }
  }

  /** Responder: answer the request being served with {@code answer}. */
  record Reply(V2Message answer) implements V2Decision {
    public Reply {
      Objects.requireNonNull(answer, "answer");
    }
  }

  /**
   * Save {@code state} durably (the state after the install), then report {@code persisted} or
   * {@code persistFailed}. Nothing has changed in memory yet.
   */
  record Persist(long token, V2State state) implements V2Decision {
    public Persist {
      Objects.requireNonNull(state, "state");
    }
  }

  /** The role a node had in the exchange that produced a PSK. */
  enum Role {
    INITIATOR, RESPONDER;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The state is saved and the chain advanced: install {@code psk} in every output, then, as a
   * responder, send {@code reply} (the ack; null for an initiator). {@code keyId} is the QKD key's
   * ID, or null in pqc mode.
   */
  record Install(Secret psk, long epoch, Role role, KeyRef keyId, Duration took, boolean reset,
      V2Message reply) implements V2Decision {
    public Install {
      Objects.requireNonNull(psk, "psk");
      Objects.requireNonNull(role, "role");
    }

    @Override
    public String toString() {
      return "Install[epoch " + epoch + ", " + role + ", psk redacted]";
    }
  }

  /** Fail closed: no confirmed rotation for the PSK lifetime; install this random PSK. */
  record FailClosed(Secret randomPsk, Duration lifetime) implements V2Decision {
    @Override
    public String toString() {
      return "FailClosed[psk redacted]";
    }
  }

  /** The PSK lifetime passed, and {@code on_expiry = "keep"} keeps the stale PSK. */
  record KeepStale(Duration lifetime) implements V2Decision {}
}
