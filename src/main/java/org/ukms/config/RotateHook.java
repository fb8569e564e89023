package org.ukms.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code on_rotate}: an argument list run without a shell after each confirmed rotation, killed
 * after {@code timeout}. The first element is an absolute path.
 */
public record RotateHook(List<String> command, Duration timeout) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public RotateHook {
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    Objects.requireNonNull(timeout, "timeout");
  }
}
