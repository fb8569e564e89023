package org.ukms.bb84;

import java.util.BitSet;
import java.util.random.RandomGenerator;
import org.ukms.bb84.Bb84Message.Photons;

/**
 * What a {@link ChannelModel} does to a frame of photons in transit. Each random source is
 * separate: {@code noise} drives loss, detection and flips and the outcome of Eve's measurement
 * in the wrong basis; {@code eve} the attacker's bases. The receiver measures what arrives
 * ({@link Bb84Receiver#measure}). A flip in transit equals a flip of her result: in the wrong
 * basis her result is random either way.
 */
final class QuantumChannel {
  private final ChannelModel model;

  QuantumChannel(ChannelModel model) {
    this.model = model;
  }

  Photons transit(Photons sent, RandomGenerator noise, RandomGenerator eve) {
    int n = sent.pulses();
    BitSet arrived = new BitSet(n);
    BitSet bits = new BitSet(n);
    BitSet bases = new BitSet(n);
    double detection = model.detection();
    BitSet in = sent.arrived();
    for (int i = in.nextSetBit(0); i >= 0 && i < n; i = in.nextSetBit(i + 1)) {
      boolean bit = sent.bits().get(i);
      boolean basis = sent.bases().get(i);
      if (model.eavesdropper()) {
        boolean eveBasis = eve.nextBoolean();
        bit = eveBasis == basis ? bit : noise.nextBoolean();
        basis = eveBasis; // she resends what she measured, in her basis
      }
      if (noise.nextDouble() >= detection) {
        continue;
      }
      arrived.set(i);
      bits.set(i, noise.nextDouble() < model.errorRate() ? !bit : bit);
      bases.set(i, basis);
    }
    return new Photons(n, arrived, bits, bases);
  }
}
