package org.ukms.core;

import java.util.Objects;
import org.ukms.crypto.Secret;

/**
 * One peer's v2 ratchet state (docs/protocol-v2.md sections 5 to 7): the epoch, its chain key, and
 * for one epoch the previous pair, so that a peer that missed our last install can still run
 * the next exchange. Pure logic; not thread-safe. Superseded chain keys are destroyed.
 */
public final class V2Chain {
  private final Secret initialChainKey;
  private long epoch;
  private Secret chainKey;
  private long previousEpoch = -1;
  private Secret previousChainKey;

  /** A chain resumed from state: {@code previous} may be null. */
  public V2Chain(Secret initialChainKey, long epoch, Secret chainKey, long previousEpoch,
      Secret previousChainKey) {
    this.initialChainKey = Objects.requireNonNull(initialChainKey, "initialChainKey");
    if (epoch < 0 || (previousChainKey != null && previousEpoch != epoch - 1)) {
      throw new IllegalArgumentException("epochs must be e >= 0 and previous = e - 1");
    }
    this.epoch = epoch;
    this.chainKey = Objects.requireNonNull(chainKey, "chainKey");
    this.previousEpoch = previousChainKey == null ? -1 : previousEpoch;
    this.previousChainKey = previousChainKey;
  }

  /** A fresh chain at epoch 0 with ck_0 (no state yet, or state lost). */
  public static V2Chain initial(Secret initialChainKey) {
    return new V2Chain(initialChainKey, 0, Secret.copyOf(initialChainKey.reveal()), -1, null);
  }

  public long epoch() {
    return epoch;
  }

  /** Which chain key an offer made at {@code offeredEpoch} runs from, as the responder sees it. */
  public enum Basis {
    /** Both sides are at the same epoch: the normal case. */
    CURRENT,
    /** The peer missed our last install (it crashed before it): run from the previous key. */
    PREVIOUS,
    /** The peer lost its state and starts from ck_0: reset the chain (logged). */
    RESET,
    /** Neither: refuse and tell our epoch; the peer resets. */
    MISMATCH
  }

  /**
   * The basis an offer at {@code offeredEpoch} with chain ID {@code chain} runs from: the
   * newest of our current pair, our previous pair and ck_0 whose epoch and chain ID both match;
   * MISMATCH when none does (two chains with equal epochs but different keys never match).
   */
  public Basis basisFor(long offeredEpoch, Blob chain) {
    for (Basis b : bases()) {
      if (epochOf(b) == offeredEpoch && chainId(b).equals(chain)) {
        return b;
      }
    }
    return Basis.MISMATCH;
  }

  /** Our bases, newest first: CURRENT, PREVIOUS if we hold one, and RESET. */
  public java.util.List<Basis> bases() {
    return previousChainKey == null ? java.util.List.of(Basis.CURRENT, Basis.RESET)
        : java.util.List.of(Basis.CURRENT, Basis.PREVIOUS, Basis.RESET);
  }

  /** The public ID of the chain key of {@code basis} (see {@link V2Schedule#chainId}). */
  public Blob chainId(Basis basis) {
    Secret key = chainKey(basis);
    try {
      return V2Schedule.chainId(key);
    } finally {
      key.destroy();
    }
  }

  /** The epoch an exchange on {@code basis} starts from. */
  public long epochOf(Basis basis) {
    switch (basis) {
      case CURRENT:
        return epoch;
      case PREVIOUS:
        return previousEpoch;
      case RESET:
        return 0;
      default:
        throw new IllegalArgumentException("no exchange runs on a mismatch");
    }
  }

  /** A copy of the chain key an exchange on {@code basis} runs from. */
  public Secret chainKey(Basis basis) {
    switch (basis) {
      case CURRENT:
        return Secret.copyOf(chainKey.reveal());
      case PREVIOUS:
        return Secret.copyOf(previousChainKey.reveal());
      case RESET:
        return Secret.copyOf(initialChainKey.reveal());
      default:
        throw new IllegalArgumentException("no exchange runs on a mismatch");
    }
  }

  /**
   * A confirmed exchange on {@code basis} completed: the chain moves to {@code epochOf(basis) + 1}
   * with {@code nextChainKey}, the basis becomes the previous pair, and every other key is
   * destroyed. Takes ownership of {@code nextChainKey}.
   */
  public void advance(Basis basis, Secret nextChainKey) {
    long from = epochOf(basis);
    Secret basisKey = chainKey(basis);
    if (previousChainKey != null) {
      previousChainKey.destroy();
    }
    chainKey.destroy();
    previousEpoch = from;
    previousChainKey = basisKey;
    epoch = from + 1;
    chainKey = nextChainKey;
  }

  /** For the state file: a copy of the current chain key. */
  public Secret currentChainKey() {
    return Secret.copyOf(chainKey.reveal());
  }

  /** For the state file: the previous epoch, or -1. */
  public long previousEpoch() {
    return previousEpoch;
  }

  /** For the state file: a copy of the previous chain key, or null. */
  public Secret previousChainKey() {
    return previousChainKey == null ? null : Secret.copyOf(previousChainKey.reveal());
  }

  @Override
  public String toString() {
    return "V2Chain[epoch " + epoch + ", keys redacted]";
  }
}
