package org.ukms.bb84;

import java.util.Optional;
import java.util.random.RandomGenerator;
import org.ukms.crypto.Secret;

/**
 * One block of a BB84 link, from the sender's random bits to the two ends' secret keys: quantum
 * transmission, sifting, QBER estimation on a public random sample, abort above the threshold,
 * Cascade, a 64-bit verification tag, and Toeplitz privacy amplification to
 * {@link SecureLength}. Each party draws from its own random source; {@code publicRandom} stands
 * for the values the sender chooses and announces (sample positions, shuffles, salts, seed). The
 * receiver's key is built only from its measurements and what the classical channel disclosed.
 */
public final class Bb84Block {
  /** Fewer sifted bits than this give no meaningful estimate: the block is aborted. */
  static final int MIN_SIFTED = 1_000;
  /** Secret bits below this are not worth delivering (one 256-bit key). */
  static final int MIN_SECRET = 256;

  private Bb84Block() {}

  /**
   * What one block measured; {@code abort} is null when keys were made. {@code leaked} counts the
   * bits error correction and verification disclosed.
   */
  public record Stats(int pulses, int detected, int sifted, int sampled, double qber,
      double qberUpper, int corrected, long leaked, int secretBits, String abort) {
    /** Secret bits per sifted bit kept after sampling; 0 for an aborted block. */
    public double secretFraction() {
      int kept = sifted - sampled;
      return kept <= 0 ? 0 : (double) secretBits / kept;
    }
  }

  /** The block's outcome: both ends' keys (equal unless verification failed) or none. */
  public record Result(Stats stats, Secret senderKey, Secret receiverKey) {
    public boolean aborted() {
      return stats.abort() != null;
    }
  }

  /**
   * Runs both ends in one place, passing each message straight to the other: the sender's steps
   * ({@link Bb84Sender}) with {@code sender} and {@code publicRandom}, the receiver's
   * ({@link Bb84Receiver}) with {@code receiver}, the channel with {@code noise} and {@code eve}.
   */
  public static Result run(Bb84Settings settings, ChannelModel channel, RandomGenerator sender,
      RandomGenerator receiver, RandomGenerator noise, RandomGenerator eve,
      RandomGenerator publicRandom) {
    Bb84Sender alice = new Bb84Sender(settings, sender, publicRandom);
    Bb84Receiver bob = new Bb84Receiver(settings, receiver);
    Bb84Message.Detections clicks = bob.measure(channel.transit(alice.emit(), noise, eve));
    Bb84Message.Sample sample = bob.sample(alice.sift(clicks));
    Optional<Bb84Outcome> early = alice.estimate(sample);
    if (early.isPresent()) {
      return new Result(early.get().stats(), null, null);
    }
    Bb84Message.Verification check = alice.verify(bob.correct(alice::answer));
    Bb84Receiver.Confirmation confirmed = bob.confirm(check);
    Bb84Outcome mine = alice.finish(confirmed.message());
    return new Result(mine.stats(), mine.key(), confirmed.outcome().key());
  }
}
