package org.ukms.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ukms.config.ConfigException;
import org.ukms.config.UkmsConfig;
import org.ukms.daemon.Preflight;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code ukms check}: the start-up checks of {@code ukms run} ({@link Preflight}), without
 * starting, plus whether each WireGuard interface exists. Run it as the user the service runs as:
 * folder and file access are checked for the user running the check.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Validate a configuration file as 'ukms run' would (run it as the service's "
        + "user), ask wg whether each WireGuard interface exists, print every error as "
        + "FILE:LINE:COLUMN: problem, and exit 0 (valid) or 2 (invalid).")
final class CheckCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin ConfigOption config;

  @Parameters(arity = "0..1", paramLabel = "FILE", description = "Same as --config FILE.")
  Path positional;

  @Override
  public Integer call() {
    if (positional != null && config.file != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give the file either as --config FILE or as FILE, not both");
    }
    Path file = positional != null ? positional : config.resolve(System.getenv());
    UkmsConfig loaded = ConfigOption.load(file, spec.commandLine().getErr());
    if (loaded == null) {
      return ExitCodes.USAGE_OR_CONFIG;
    }
    try {
      Preflight.checkAll(loaded, "wg");
    } catch (ConfigException e) {
      ConfigOption.report(e, spec.commandLine().getErr());
      return ExitCodes.USAGE_OR_CONFIG;
    }
    String skip = loaded.skip() == null ? "" : "; SKIP Key Provider \""
        + loaded.skip().localSystemId() + "\" on " + loaded.skip().host() + ":"
        + loaded.skip().port();
    spec.commandLine().getOut().println(file + ": ok (" + loaded.peers().size() + " peer"
        + (loaded.peers().size() == 1 ? "" : "s") + skip + ")");
    return ExitCodes.OK;
  }
}
