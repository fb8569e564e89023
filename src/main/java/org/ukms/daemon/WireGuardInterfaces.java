package org.ukms.daemon;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ukms.exec.CommandRunner;

/**
 * Asks {@code wg} whether a WireGuard interface exists: {@code wg show IFACE public-key}, which
 * prints nothing secret. A typo in an interface name otherwise passes every other check and then
 * fails each {@code wg set} ("Unable to modify interface: ..."), every few seconds.
 */
final class WireGuardInterfaces {
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final int OUTPUT_CAP = 4096;

  private final CommandRunner runner;
  private final String wg;

  WireGuardInterfaces(CommandRunner runner, String wg) {
    this.runner = runner;
    this.wg = wg;
  }

  static WireGuardInterfaces of(String wg) {
    return new WireGuardInterfaces(new CommandRunner(OUTPUT_CAP), wg);
  }

  /** Why {@code name} cannot be used, as one line; empty when {@code wg} knows it. */
  Optional<String> problem(String name) {
    List<String> argv = List.of(wg, "show", name, "public-key");
    String command = "wg show " + name + " public-key";
    CommandRunner.Result result;
    try {
      result = runner.run(argv, Map.of(), null, TIMEOUT);
    } catch (IOException e) {
      return Optional.of("cannot run " + wg + " to look up interface " + name + " ("
          + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while looking up interface " + name);
    }
    if (result.ok()) {
      return Optional.empty();
    }
    String said = result.output().isBlank() ? result.ending(TIMEOUT) : result.oneLine();
    if (said.contains("No such device") || said.contains("Protocol not supported")) {
      return Optional.of("interface " + name + " does not exist (" + command + ": " + said + ")");
    }
    if (said.contains("Operation not permitted")) {
      return Optional.of("cannot look up interface " + name + " (" + command + ": " + said
          + "): wg needs CAP_NET_ADMIN, as the service has; run ukms check as root or with that "
          + "capability");
    }
    return Optional.of("cannot look up interface " + name + " (" + command + ": " + said + ")");
  }
}
