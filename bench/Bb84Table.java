import java.util.SplittableRandom;
import org.ukms.bb84.Bb84Block;
import org.ukms.bb84.Bb84Settings;
import org.ukms.bb84.ChannelModel;

/**
 * The simulated BB84 link's secret key rate and QBER against the channel error rate, next to the
 * asymptotic bound 1 - 2h(Q). Prints a Markdown table.
 *
 *   mvn -q -DskipTests package
 *   java -cp target/ukms.jar bench/Bb84Table.java [LOG2_PULSES] [SEEDS]
 */
public class Bb84Table {
  public static void main(String[] args) {
    int log2 = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    System.out.println("| channel error rate | QBER (estimated) | sifted bits / pulse "
        + "| secret bits / pulse | secret fraction | 1 - 2h(Q) | blocks aborted |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (double e : new double[] {0, 0.02, 0.05, 0.08, 0.11}) {
      double qber = 0;
      double sifted = 0;
      double secret = 0;
      double fraction = 0;
      int aborted = 0;
      for (int s = 0; s < seeds; s++) {
        long seed = 1000L * s + 1;
        Bb84Block.Stats st = Bb84Block.run(new Bb84Settings(1 << log2, 0.10, 0.11, 1e-10),
            new ChannelModel(0, 1, e, false), new SplittableRandom(seed),
            new SplittableRandom(seed + 1), new SplittableRandom(seed + 2),
            new SplittableRandom(seed + 3), new SplittableRandom(seed + 4)).stats();
        qber += st.qber() / seeds;
        sifted += (double) st.sifted() / st.pulses() / seeds;
        secret += (double) st.secretBits() / st.pulses() / seeds;
        fraction += st.secretFraction() / seeds;
        aborted += st.abort() == null ? 0 : 1;
      }
      double h = qber <= 0 ? 0 : -qber * log2(qber) - (1 - qber) * log2(1 - qber);
      System.out.printf(java.util.Locale.ROOT, "| %.0f %% | %.4f | %.3f | %.4f | %.3f | %.3f | %d of %d |%n",
          e * 100, qber, sifted, secret, fraction, Math.max(0, 1 - 2 * h), aborted, seeds);
    }
    System.out.println();
    System.out.println("2^" + log2 + " pulses per block, lossless channel, 10 % sample, epsilon "
        + "1e-10, Cascade (4 passes), Toeplitz hashing; means over " + seeds + " seeds.");
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
