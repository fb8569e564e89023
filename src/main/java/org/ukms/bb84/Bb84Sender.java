package org.ukms.bb84;

import java.util.BitSet;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.ukms.bb84.Bb84Message.CascadeDone;
import org.ukms.bb84.Bb84Message.Confirmed;
import org.ukms.bb84.Bb84Message.Detections;
import org.ukms.bb84.Bb84Message.ParityAnswer;
import org.ukms.bb84.Bb84Message.ParityQuery;
import org.ukms.bb84.Bb84Message.Photons;
import org.ukms.bb84.Bb84Message.Sample;
import org.ukms.bb84.Bb84Message.Sifting;
import org.ukms.bb84.Bb84Message.Verification;

/**
 * The sending end of one BB84 block (Alice), as steps that each take the receiver's last message
 * and return the next one: {@link #emit}, {@link #sift}, {@link #estimate}, {@link #answer} (as
 * often as asked), {@link #verify}, {@link #finish}. {@code own} draws her bits and bases;
 * {@code publicRandom} the values she chooses and announces (seeds, salt, Toeplitz seed). Pure:
 * no I/O; one thread at a time, one block per instance.
 */
public final class Bb84Sender {
  private final Bb84Settings settings;
  private final RandomGenerator own;
  private final RandomGenerator publicRandom;
  private BitSet bits;
  private BitSet bases;
  private int detected;
  private boolean[] sifted;
  private int[] sample = new int[0];
  private long cascadeSeed;
  private boolean[] key;
  private double qber;
  private double upper;
  private Cascade.Layout layout;
  private long leaked;
  private int corrected;
  private int secret;
  private BitSet seed = new BitSet();

  public Bb84Sender(Bb84Settings settings, RandomGenerator own, RandomGenerator publicRandom) {
    this.settings = settings;
    this.own = own;
    this.publicRandom = publicRandom;
  }

  /** Draws a random bit and basis per pulse: the frame as it leaves her source. */
  public Photons emit() {
    int n = settings.pulses();
    bits = Bits.random(n, own);
    bases = Bits.random(n, own);
    BitSet all = new BitSet(n);
    all.set(0, n);
    return new Photons(n, all, bits, bases);
  }

  /** Keeps the detected pulses measured in her basis; announces the sample and her sample bits. */
  public Sifting sift(Detections d) {
    int n = settings.pulses();
    BitSet clicks = d.detected().get(0, n);
    detected = clicks.cardinality();
    BitSet differ = (BitSet) bases.clone();
    differ.xor(d.bases().get(0, n));
    BitSet matches = (BitSet) clicks.clone();
    matches.andNot(differ);
    sifted = Bits.at(matches, bits);
    long sampleSeed = publicRandom.nextLong();
    cascadeSeed = publicRandom.nextLong();
    sample = Estimation.positions(sifted.length, settings.sampleFraction(), sampleSeed);
    return new Sifting(matches, sampleSeed, cascadeSeed, Estimation.sampleBits(sifted, sample));
  }

  /** Compares the two samples: the aborted outcome, or empty to go on with Cascade. */
  public Optional<Bb84Outcome> estimate(Sample theirs) {
    BitSet mine = Estimation.sampleBits(sifted, sample);
    mine.xor(theirs.bits().get(0, sample.length));
    qber = sample.length == 0 ? 0 : (double) mine.cardinality() / sample.length;
    upper = sample.length == 0 ? 0
        : SecureLength.upperQber(qber, sample.length, settings.epsilon());
    String abort = Estimation.abort(settings, sifted.length, qber);
    if (abort != null) {
      return Optional.of(outcome(abort));
    }
    key = Estimation.kept(sifted, sample);
    layout = new Cascade.Layout(key.length, qber, cascadeSeed);
    return Optional.empty();
  }

  /** Discloses the parities the receiver asks for (each one counted). */
  public ParityAnswer answer(ParityQuery q) {
    leaked += q.ranges().size();
    return new ParityAnswer(layout.answer(key, q.pass(), q.ranges()));
  }

  /** After Cascade: a salted tag of her key, the secure length and the Toeplitz seed. */
  public Verification verify(CascadeDone done) {
    corrected = done.corrected();
    leaked += Bb84Settings.VERIFY_BITS;
    long saltHigh = publicRandom.nextLong();
    long saltLow = publicRandom.nextLong();
    long tag = Bits.tag(saltHigh, saltLow, key);
    secret = SecureLength.of(key.length, upper, leaked, settings.epsilon()) & ~7;
    if (secret >= Bb84Block.MIN_SECRET) {
      long[] words = new long[Toeplitz.seedWords(key.length, secret)];
      for (int i = 0; i < words.length; i++) {
        words[i] = publicRandom.nextLong();
      }
      seed = BitSet.valueOf(words);
    }
    return new Verification(saltHigh, saltLow, tag, secret, seed);
  }

  /** Her key once the receiver confirms the same length; aborted otherwise. */
  public Bb84Outcome finish(Confirmed c) {
    try {
      if (secret < Bb84Block.MIN_SECRET) {
        return outcome(Estimation.tooShort(secret));
      }
      if (c.secretBits() != secret) {
        return outcome(Estimation.VERIFY_FAILED);
      }
      return outcome(null);
    } finally {
      java.util.Arrays.fill(key, false);
      java.util.Arrays.fill(sifted, false);
    }
  }

  private Bb84Outcome outcome(String abort) {
    Bb84Block.Stats stats = new Bb84Block.Stats(settings.pulses(), detected, sifted.length,
        sample.length, qber, upper, corrected, leaked, abort == null ? secret : 0, abort);
    return new Bb84Outcome(stats, abort == null ? Bits.amplify(key, seed, secret) : null);
  }
}
