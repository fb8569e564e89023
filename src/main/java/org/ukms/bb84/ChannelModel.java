package org.ukms.bb84;

/**
 * The simulated quantum channel between sender and receiver.
 *
 * @param loss probability that a photon is lost in the fibre (0 ≤ loss < 1)
 * @param detectorEfficiency probability that the receiver's detector clicks on an arriving photon
 * @param errorRate probability that the optics flip a detected bit measured in the right basis
 *     (the intrinsic QBER, 0 ≤ errorRate ≤ 0.5)
 * @param eavesdropper whether an intercept-resend attacker measures every photon in a random basis
 *     and sends on what she saw (she adds a QBER of 25 %)
 */
public record ChannelModel(double loss, double detectorEfficiency, double errorRate,
    boolean eavesdropper) {
  public ChannelModel {
    if (!(loss >= 0 && loss < 1)) {
      throw new IllegalArgumentException("loss must be in [0, 1), found " + loss);
    }
    if (!(detectorEfficiency > 0 && detectorEfficiency <= 1)) {
      throw new IllegalArgumentException("detector efficiency must be in (0, 1], found "
          + detectorEfficiency);
    }
    if (!(errorRate >= 0 && errorRate <= 0.5)) {
      throw new IllegalArgumentException("error rate must be in [0, 0.5], found " + errorRate);
    }
  }

  /** One line for logs and start-up messages. */
  public String describe() {
    return String.format(java.util.Locale.ROOT, "loss %.3f, detector efficiency %.2f, error rate "
        + "%.3f%s", loss, detectorEfficiency, errorRate,
        eavesdropper ? ", intercept-resend eavesdropper" : "");
  }

  /** A lossless, noiseless channel without an eavesdropper. */
  public static ChannelModel ideal() {
    return new ChannelModel(0, 1, 0, false);
  }

  /**
   * The frame as it reaches the receiver's detector: lost pulses removed, the eavesdropper's
   * resent states in place of the sender's, intrinsic errors flipped.
   */
  public Bb84Message.Photons transit(Bb84Message.Photons sent,
      java.util.random.RandomGenerator noise, java.util.random.RandomGenerator eve) {
    return new QuantumChannel(this).transit(sent, noise, eve);
  }

  /** Loss from an attenuation in dB: {@code 1 - 10^(-dB/10)}. */
  public static double lossOfDb(double db) {
    if (!(db >= 0 && db < 100)) {
      throw new IllegalArgumentException("channel loss must be in [0, 100) dB, found " + db);
    }
    return 1 - Math.pow(10, -db / 10);
  }

  /** The probability that a sent photon is detected. */
  double detection() {
    return (1 - loss) * detectorEfficiency;
  }
}
