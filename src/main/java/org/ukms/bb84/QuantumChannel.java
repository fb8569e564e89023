package org.ukms.bb84;

import java.util.BitSet;
import java.util.random.RandomGenerator;

/**
 * Sends the sender's bits in her bases through a {@link ChannelModel} and measures them in the
 * receiver's bases. Each random source is separate, as the parties' are: {@code noise} drives
 * loss, detection, flips and the outcome of a wrong-basis measurement; {@code eve} the
 * attacker's bases.
 */
final class QuantumChannel {
  private final ChannelModel model;

  QuantumChannel(ChannelModel model) {
    this.model = model;
  }

  /**
   * What the receiver saw.
   *
   * @param detected which pulses made a detector click
   * @param bits the measured bit of each detected pulse
   */
  record Detections(BitSet detected, BitSet bits) {}

  Detections transmit(int pulses, BitSet bits, BitSet bases, BitSet receiverBases,
      RandomGenerator noise, RandomGenerator eve) {
    BitSet detected = new BitSet(pulses);
    BitSet measured = new BitSet(pulses);
    double detection = model.detection();
    for (int i = 0; i < pulses; i++) {
      boolean bit = bits.get(i);
      boolean basis = bases.get(i);
      if (model.eavesdropper()) {
        boolean eveBasis = eve.nextBoolean();
        bit = eveBasis == basis ? bit : noise.nextBoolean();
        basis = eveBasis; // she resends what she measured, in her basis
      }
      if (noise.nextDouble() >= detection) {
        continue;
      }
      detected.set(i);
      boolean result = receiverBases.get(i) == basis ? bit : noise.nextBoolean();
      if (noise.nextDouble() < model.errorRate()) {
        result = !result;
      }
      measured.set(i, result);
    }
    return new Detections(detected, measured);
  }
}
