package org.ukms.netsim;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

/**
 * Runs any number of simulator schedules outside JUnit and prints a summary and every failing
 * seed: {@code bench/netsim.sh COUNT [FROM]} (docs/testing.md). Replay a failure with its trace
 * through {@code mvn -o test -Dtest=NetSimTest -Dnetsim.seed=N}.
 */
final class NetSimMain {
  private NetSimMain() {}

  public static void main(String[] args) {
    long count = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    long from = args.length > 1 ? Long.parseLong(args[1]) : 0;
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicLong installs = new AtomicLong();
    AtomicLong done = new AtomicLong();
    long started = System.nanoTime();
    LongStream.range(from, from + count).parallel().forEach(seed -> {
      try {
        installs.addAndGet(NetSimTest.schedule(seed, false).installs);
      } catch (RuntimeException e) {
        failures.add("seed " + seed + ": " + e);
        System.out.println("FAILED seed " + seed + ": " + e);
      }
      long n = done.incrementAndGet();
      if (n % 100_000 == 0) {
        System.out.println(n + " schedules, " + failures.size() + " failed");
      }
    });
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("netsim: %d schedules (seeds %d..%d), %d installs, %d failed, %.0f s%n",
        count, from, from + count - 1, installs.get(), failures.size(), seconds);
    System.exit(failures.isEmpty() ? 0 : 1);
  }
}
