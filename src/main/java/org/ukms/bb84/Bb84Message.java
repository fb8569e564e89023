package org.ukms.bb84;

import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * What crosses between the two ends of a BB84 block, in protocol order. {@link Photons} is the
 * quantum frame (what the pulses encode, after the channel); every other message is classical
 * and public. Bit sets are copied in (records compare them by content); the parties never change
 * the ones they receive.
 */
public sealed interface Bb84Message {
  /**
   * Sender to receiver, the quantum frame: for pulse {@code i < pulses}, whether it reaches the
   * detector ({@code arrived}) and the bit and basis it carries then.
   */
  record Photons(int pulses, BitSet arrived, BitSet bits, BitSet bases) implements Bb84Message {
    public Photons {
      if (pulses < 1) {
        throw new IllegalArgumentException("a frame needs pulses, found " + pulses);
      }
      arrived = copy(arrived);
      bits = copy(bits);
      bases = copy(bases);
    }

    /** The bits become the key: never printed. */
    @Override
    public String toString() {
      return "Photons[" + pulses + " pulses, " + arrived.cardinality() + " arrived, redacted]";
    }
  }

  /** Receiver to sender: which pulses made a click, and her basis for each (bit i = pulse i). */
  record Detections(BitSet detected, BitSet bases) implements Bb84Message {
    public Detections {
      detected = copy(detected);
      bases = copy(bases);
    }

    @Override
    public String toString() {
      return "Detections[" + detected.cardinality() + " clicks]";
    }
  }

  /**
   * Sender to receiver: the detected pulses measured in her basis ({@code matches}); the public
   * seeds of the estimation sample and of Cascade's shuffles; her bits at the sample positions.
   */
  record Sifting(BitSet matches, long sampleSeed, long cascadeSeed, BitSet sampleBits)
      implements Bb84Message {
    public Sifting {
      matches = copy(matches);
      sampleBits = copy(sampleBits);
    }
  }

  /** Receiver to sender: her bits at the sample positions. */
  record Sample(BitSet bits) implements Bb84Message {
    public Sample {
      bits = copy(bits);
    }
  }

  /** Positions [lo, hi) of a key in the order of a Cascade pass. */
  record Range(int lo, int hi) {
    public Range {
      if (lo < 0 || hi <= lo) {
        throw new IllegalArgumentException("empty range [" + lo + ", " + hi + ")");
      }
    }
  }

  /** Receiver to sender: the parities she needs, in the order of Cascade pass {@code pass}. */
  record ParityQuery(int pass, List<Range> ranges) implements Bb84Message {
    public ParityQuery {
      ranges = List.copyOf(ranges);
    }
  }

  /** Sender to receiver: bit i is the parity of range i of the query. */
  record ParityAnswer(BitSet parities) implements Bb84Message {
    public ParityAnswer {
      parities = copy(parities);
    }
  }

  /** Receiver to sender: Cascade is over; it flipped {@code corrected} bits. */
  record CascadeDone(int corrected) implements Bb84Message {}

  /**
   * Sender to receiver: a fresh public salt and the 64-bit tag of her corrected key, and the
   * Toeplitz seed (empty when too few secret bits are left).
   */
  record Verification(long saltHigh, long saltLow, long tag, int secretBits, BitSet seed)
      implements Bb84Message {
    public Verification {
      seed = copy(seed);
    }
  }

  /**
   * Receiver to sender: the block's outcome at her end, {@code secretBits} of key (0: aborted,
   * because verification failed or too few secret bits were left).
   */
  record Confirmed(int secretBits) implements Bb84Message {}

  private static BitSet copy(BitSet bits) {
    return (BitSet) Objects.requireNonNull(bits, "bits").clone();
  }
}
