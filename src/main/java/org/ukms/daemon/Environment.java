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
 * working directory, and how to make a scheduler over the worker pool. Tests inject a manual clock
 * and scheduler here; production uses {@link #system()}.
 */
public record Environment(
    InstantSource clock,
    RandomGenerator jitter,
    Supplier<UUID> uuids,
    Path workDir,
    Function<ExecutorService, Scheduler> schedulers) {

  public static Environment system() {
    InstantSource clock = InstantSource.system();
    return new Environment(clock, new SecureRandom(), UUID::randomUUID,
        Path.of("").toAbsolutePath(), workers -> new ExecutorScheduler(clock, workers));
  }
}
