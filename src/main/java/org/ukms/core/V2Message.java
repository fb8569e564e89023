package org.ukms.core;

import java.util.Objects;

/**
 * The messages of one v2 exchange (docs/protocol-v2.md section 5), as the core sends and receives
 * them; {@code org.ukms.peer.V2Codec} maps them to and from the signed JSON wire. Requests are
 * {@link Offer} and {@link Confirm}; the answers to an offer are {@link Accept}, {@link Busy},
 * {@link Mismatch} or {@link Refused}, to a confirm {@link Ack} or {@link Refused}; {@link Failed}
 * stands for "no authentic answer" (timeout, connection error, bad response MAC).
 */
public sealed interface V2Message {

  /** I → R: run an exchange from the chain key of {@code epoch} whose ID is {@code chain}. */
  record Offer(long epoch, V2Schedule.Mode mode, Blob chain, KeyRef keyId, Blob kemEk)
      implements V2Message {
    public Offer {
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(chain, "chain");
      if (epoch < 0) {
        throw new IllegalArgumentException("epoch must not be negative");
      }
    }
  }

  /** R → I, 200: R's share of the material and its proof that it derived the keys. */
  record Accept(long epoch, Blob kemCt, Blob proof) implements V2Message {
    public Accept {
      Objects.requireNonNull(proof, "proof");
    }
  }

  /** I → R: I's proof; R installs on it. */
  record Confirm(long epoch, Blob proof) implements V2Message {
    public Confirm {
      Objects.requireNonNull(proof, "proof");
    }
  }

  /** R → I, 200: R installed; I installs on it. {@code epoch} is R's epoch after installing. */
  record Ack(long epoch, Blob proof) implements V2Message {
    public Ack {
      Objects.requireNonNull(proof, "proof");
    }
  }

  /** R → I, 409: both initiated and R leads this rotation (or R is past its point of no return). */
  record Busy(String initiator) implements V2Message {
    public Busy {
      Objects.requireNonNull(initiator, "initiator");
    }
  }

  /**
   * R → I, 409: the offered (epoch, chain ID) is none R can run from; R's current and, if any,
   * previous pair, so that I picks the newest chain key both hold ({@code previousChain} null when
   * R has no previous pair).
   */
  record Mismatch(long epoch, Blob chain, long previousEpoch, Blob previousChain)
      implements V2Message {
    public Mismatch {
      Objects.requireNonNull(chain, "chain");
    }
  }

  /** R → I: refused for {@code reason}; {@code detail} is a short public explanation. */
  record Refused(Reason reason, String detail) implements V2Message {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** No authentic answer arrived: the call failed, timed out, or its answer failed its MAC. */
  record Failed(boolean transientFailure, String detail) implements V2Message {
    public Failed {
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Why a responder refused a request. */
  enum Reason {
    /** The offer names another mode than ours. */
    MODE_MISMATCH(false),
    /** A required field is missing or malformed. */
    MALFORMED(false),
    /** The initiator's proof does not verify against our pending exchange. */
    BAD_PROOF(false),
    /** We hold no pending exchange this confirm could complete (dropped, superseded or stale). */
    NO_EXCHANGE(false),
    /** Our KME failed or our state could not be saved: try again soon. */
    UNAVAILABLE(true);

    private final boolean transientFailure;

    Reason(boolean transientFailure) {
      this.transientFailure = transientFailure;
    }

    public boolean transientFailure() {
      return transientFailure;
    }

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
