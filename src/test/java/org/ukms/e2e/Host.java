package org.ukms.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ukms.exec.CommandRunner;

/** Commands on this machine, optionally inside a network namespace, for the end-to-end tests. */
final class Host {
  /** How a command ended. */
  record Result(int exit, String output) {
    boolean ok() {
      return exit == 0;
    }
  }

  private static final CommandRunner RUNNER = new CommandRunner(1 << 20);

  private Host() {}

  /** Runs {@code command} in {@code netns} (null: the host), feeding {@code stdin} if given. */
  static Result run(String netns, String stdin, String... command)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (netns != null) {
      full.addAll(List.of("ip", "netns", "exec", netns));
    }
    full.addAll(List.of(command));
    CommandRunner.Result r = RUNNER.run(full, Map.of(),
        stdin == null ? null : stdin.getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(60));
    if (r.timedOut()) {
      throw new IOException(String.join(" ", full) + ": still running after 60 s");
    }
    return new Result(r.exitCode(), r.output());
  }

  /** As {@link #run}, failing the test when the command fails. */
  static String must(String netns, String... command) throws IOException, InterruptedException {
    Result r = run(netns, null, command);
    if (!r.ok()) {
      throw new AssertionError(String.join(" ", command) + " in " + netns + ": exit " + r.exit()
          + ": " + r.output().strip());
    }
    return r.output();
  }

  /** Whether {@code program} is on PATH. */
  static boolean has(String program) throws IOException, InterruptedException {
    return run(null, null, "sh", "-c", "command -v " + program).ok();
  }
}
