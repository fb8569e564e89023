package org.ukms.bb84;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Optional;
import java.util.function.Function;
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
 * The receiving end of one BB84 block (Bob), as steps: {@link #measure}, {@link #sample},
 * {@link #estimate}, {@link #correct} (Cascade, asking the sender through a function) and
 * {@link #confirm}. Her key is built only from her measurements and what the sender disclosed.
 * {@code own} draws her bases and the outcomes of measurements in the wrong basis. Pure apart
 * from the function {@link #correct} calls; one thread at a time, one block per instance.
 */
public final class Bb84Receiver {
  /** The confirmation to send and this end's outcome. */
  public record Confirmation(Confirmed message, Bb84Outcome outcome) {}

  private final Bb84Settings settings;
  private final RandomGenerator own;
  private int pulses;
  private BitSet bases;
  private BitSet measured;
  private BitSet clicks = new BitSet();
  private int detected;
  private boolean[] sifted;
  private int[] sample = new int[0];
  private long cascadeSeed;
  private boolean[] key;
  private double qber;
  private double upper;
  private String abort;
  private long leaked;
  private int corrected;

  public Bb84Receiver(Bb84Settings settings, RandomGenerator own) {
    this.settings = settings;
    this.own = own;
  }

  /** Measures every arrived pulse in a random basis; announces the clicks and her bases. */
  public Detections measure(Photons p) {
    pulses = p.pulses();
    bases = Bits.random(pulses, own);
    clicks = p.arrived().get(0, pulses);
    measured = new BitSet(pulses);
    for (int i = clicks.nextSetBit(0); i >= 0; i = clicks.nextSetBit(i + 1)) {
      boolean sameBasis = bases.get(i) == p.bases().get(i);
      measured.set(i, sameBasis ? p.bits().get(i) : own.nextBoolean());
    }
    detected = clicks.cardinality();
    BitSet announced = (BitSet) bases.clone();
    announced.and(clicks); // only the bases of detected pulses are announced
    return new Detections(clicks, announced);
  }

  /** Keeps the matching pulses, compares the sample, and sends her sample bits. */
  public Sample sample(Sifting s) {
    BitSet matches = s.matches().get(0, pulses);
    matches.and(clicks); // only pulses she detected count, whatever the sender claims
    sifted = Bits.at(matches, measured);
    sample = Estimation.positions(sifted.length, settings.sampleFraction(), s.sampleSeed());
    cascadeSeed = s.cascadeSeed();
    BitSet mine = Estimation.sampleBits(sifted, sample);
    BitSet errors = (BitSet) mine.clone();
    errors.xor(s.sampleBits().get(0, sample.length));
    qber = sample.length == 0 ? 0 : (double) errors.cardinality() / sample.length;
    upper = sample.length == 0 ? 0
        : SecureLength.upperQber(qber, sample.length, settings.epsilon());
    abort = Estimation.abort(settings, sifted.length, qber);
    if (abort == null) {
      key = Estimation.kept(sifted, sample);
    }
    return new Sample(mine);
  }

  /** The aborted outcome after estimation, or empty to go on with Cascade. */
  public Optional<Bb84Outcome> estimate() {
    return abort == null ? Optional.empty() : Optional.of(outcome());
  }

  /** Runs Cascade, asking {@code sender} for parities (one call per query). */
  public CascadeDone correct(Function<ParityQuery, ParityAnswer> sender) {
    Cascade c = Cascade.correct(key, qber, cascadeSeed,
        (pass, ranges) -> sender.apply(new ParityQuery(pass, ranges)).parities());
    leaked = c.leaked() + Bb84Settings.VERIFY_BITS;
    corrected = c.corrected();
    return new CascadeDone(corrected);
  }

  /** Checks the tag and the length, and amplifies her key with the sender's Toeplitz seed. */
  public Confirmation confirm(Verification v) {
    try {
      int secret = SecureLength.of(key.length, upper, leaked, settings.epsilon()) & ~7;
      if (Bits.tag(v.saltHigh(), v.saltLow(), key) != v.tag()) {
        abort = Estimation.VERIFY_FAILED;
      } else if (secret < Bb84Block.MIN_SECRET) {
        abort = Estimation.tooShort(secret);
      } else if (secret != v.secretBits()) {
        abort = "the ends disagree on the secure length (" + secret + " and " + v.secretBits()
            + " bits)";
      }
      if (abort != null) {
        return new Confirmation(new Confirmed(0), outcome());
      }
      Bb84Outcome out = new Bb84Outcome(stats(secret), Bits.amplify(key, v.seed(), secret));
      return new Confirmation(new Confirmed(secret), out);
    } finally {
      Arrays.fill(key, false);
      Arrays.fill(sifted, false);
      measured.clear();
    }
  }

  private Bb84Outcome outcome() {
    return new Bb84Outcome(stats(0), null);
  }

  private Bb84Block.Stats stats(int secret) {
    return new Bb84Block.Stats(pulses, detected, sifted.length, sample.length, qber, upper,
        corrected, leaked, secret, abort);
  }
}
