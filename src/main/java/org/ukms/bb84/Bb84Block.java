package org.ukms.bb84;

import java.util.Arrays;
import java.util.BitSet;
import java.util.random.RandomGenerator;
import org.ukms.crypto.Secret;
import org.ukms.crypto.Sha3;

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

  public static Result run(Bb84Settings settings, ChannelModel channel, RandomGenerator sender,
      RandomGenerator receiver, RandomGenerator noise, RandomGenerator eve,
      RandomGenerator publicRandom) {
    int n = settings.pulses();
    BitSet bits = random(n, sender);
    BitSet bases = random(n, sender);
    BitSet receiverBases = random(n, receiver);
    QuantumChannel.Detections seen = new QuantumChannel(channel)
        .transmit(n, bits, bases, receiverBases, noise, eve);

    // Sifting: the receiver announces which pulses it detected and in which basis; the sender
    // says which bases matched. Bases are public; bits stay private.
    int detected = seen.detected().cardinality();
    boolean[] a = new boolean[detected];
    boolean[] b = new boolean[detected];
    int sifted = 0;
    for (int i = seen.detected().nextSetBit(0); i >= 0; i = seen.detected().nextSetBit(i + 1)) {
      if (bases.get(i) == receiverBases.get(i)) {
        a[sifted] = bits.get(i);
        b[sifted] = seen.bits().get(i);
        sifted++;
      }
    }
    if (sifted < MIN_SIFTED) {
      return aborted(n, detected, sifted, 0, 0, 0, 0, 0, "only " + sifted
          + " sifted bits, fewer than " + MIN_SIFTED + " (channel loss too high)");
    }

    // Estimation: a public random sample of the sifted bits is disclosed and discarded.
    int sample = (int) Math.ceil(settings.sampleFraction() * sifted);
    boolean[] inSample = new boolean[sifted];
    int[] all = new int[sifted];
    Arrays.setAll(all, i -> i);
    int errors = 0;
    for (int k = 0; k < sample; k++) {
      int j = k + publicRandom.nextInt(sifted - k);
      int t = all[k];
      all[k] = all[j];
      all[j] = t;
      inSample[all[k]] = true;
      errors += a[all[k]] != b[all[k]] ? 1 : 0;
    }
    double qber = (double) errors / sample;
    double upper = SecureLength.upperQber(qber, sample, settings.epsilon());
    if (qber > settings.qberThreshold()) {
      return aborted(n, detected, sifted, sample, qber, upper, 0, 0, String.format(
          java.util.Locale.ROOT, "QBER %.4f above the threshold %.4f (an eavesdropper or a "
              + "bad channel)", qber, settings.qberThreshold()));
    }
    int keep = sifted - sample;
    boolean[] ka = new boolean[keep];
    boolean[] kb = new boolean[keep];
    for (int i = 0, k = 0; i < sifted; i++) {
      if (!inSample[i]) {
        ka[k] = a[i];
        kb[k] = b[i];
        k++;
      }
    }

    Cascade cascade = Cascade.correct(ka, kb, qber, publicRandom);
    long leaked = cascade.leaked() + Bb84Settings.VERIFY_BITS;
    long[] pa = pack(ka);
    long[] pb = pack(kb);
    byte[] salt = new byte[16];
    publicRandom.nextBytes(salt);
    if (!Arrays.equals(tag(salt, pa), tag(salt, pb))) {
      return aborted(n, detected, sifted, sample, qber, upper, cascade.corrected(), leaked,
          "verification failed: the keys still differ after error correction");
    }
    int secret = SecureLength.of(keep, upper, leaked, settings.epsilon()) & ~7;
    if (secret < MIN_SECRET) {
      return aborted(n, detected, sifted, sample, qber, upper, cascade.corrected(), leaked,
          "only " + secret + " secret bits left after error correction (fewer than "
              + MIN_SECRET + ")");
    }
    long[] seed = new long[Toeplitz.seedWords(keep, secret)];
    for (int i = 0; i < seed.length; i++) {
      seed[i] = publicRandom.nextLong();
    }
    Secret senderKey = bytes(Toeplitz.hash(pa, keep, seed, secret), secret);
    Secret receiverKey = bytes(Toeplitz.hash(pb, keep, seed, secret), secret);
    Arrays.fill(pa, 0);
    Arrays.fill(pb, 0);
    Arrays.fill(ka, false);
    Arrays.fill(kb, false);
    return new Result(new Stats(n, detected, sifted, sample, qber, upper, cascade.corrected(),
        leaked, secret, null), senderKey, receiverKey);
  }

  private static Result aborted(int pulses, int detected, int sifted, int sample, double qber,
      double upper, int corrected, long leaked, String why) {
    return new Result(new Stats(pulses, detected, sifted, sample, qber, upper, corrected, leaked,
        0, why), null, null);
  }

  private static BitSet random(int n, RandomGenerator random) {
    long[] words = new long[(n + 63) >>> 6];
    for (int i = 0; i < words.length; i++) {
      words[i] = random.nextLong();
    }
    BitSet set = BitSet.valueOf(words);
    set.clear(n, words.length * 64);
    return set;
  }

  private static long[] pack(boolean[] key) {
    long[] words = new long[(key.length + 63) >>> 6];
    for (int i = 0; i < key.length; i++) {
      if (key[i]) {
        words[i >>> 6] |= 1L << (i & 63);
      }
    }
    return words;
  }

  /** A 64-bit verification tag: SHA3-256 of a fresh public salt and the key, truncated. */
  private static byte[] tag(byte[] salt, long[] key) {
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(salt.length + key.length * 8);
    buf.put(salt);
    for (long w : key) {
      buf.putLong(w);
    }
    byte[] digest = Sha3.sha3_256(buf.array());
    Arrays.fill(buf.array(), (byte) 0);
    return Arrays.copyOf(digest, Bb84Settings.VERIFY_BITS / 8);
  }

  private static Secret bytes(long[] words, int bits) {
    byte[] out = new byte[bits / 8];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (words[i >>> 3] >>> ((i & 7) * 8));
    }
    Secret s = Secret.copyOf(out);
    Arrays.fill(out, (byte) 0);
    Arrays.fill(words, 0);
    return s;
  }
}
