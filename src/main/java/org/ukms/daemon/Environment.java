package org.ukms.daemon;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * What the daemon takes from the outside world: the clock, randomness for jitter, fresh UUIDs, the
 * working directory, how to make a scheduler over the worker pool, and the {@code wg} program to
 * run. Tests inject a manual clock and scheduler (and a recording {@code wg}) here; production uses
 * {@link #system()}.
 */
public record Environment(
    InstantSource clock,
    RandomGenerator jitter,
    Supplier<UUID> uuids,
    Path workDir,
    Function<ExecutorService, Scheduler> schedulers,
    String wg) {

  /** An environment whose {@code wg} is found on PATH. */
  public Environment(InstantSource clock, RandomGenerator jitter, Supplier<UUID> uuids,
      Path workDir, Function<ExecutorService, Scheduler> schedulers) {
    this(clock, jitter, uuids, workDir, schedulers, "wg");
  }

  public static Environment system() {
    InstantSource clock = InstantSource.system();
    return new Environment(clock, new SecureRandom(), UUID::randomUUID,
        Path.of("").toAbsolutePath(), workers -> new ExecutorScheduler(clock, workers));
  }
}
