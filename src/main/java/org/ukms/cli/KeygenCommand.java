package org.ukms.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.ukms.config.IoErrors;
import org.ukms.daemon.AuthKeys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ukms keygen FILE}: a fresh 256-bit auth key for a peer pair. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
    description = {"Write a fresh 256-bit key (Base64, mode 0600) to FILE, for auth_key_file.",
        "Copy the same file to both nodes of a pair over a secure channel. "
            + "An existing FILE is never replaced."})
final class KeygenCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "Where to write the key.")
  Path file;

  @Override
  public Integer call() {
    try {
      AuthKeys.generate(file, new SecureRandom());
    } catch (java.nio.file.FileAlreadyExistsException e) {
      spec.commandLine().getErr().println("ukms keygen: " + e.getMessage());
      return ExitCodes.USAGE_OR_CONFIG;
    } catch (IOException e) {
      spec.commandLine().getErr().println("ukms keygen: cannot write " + file + ": "
          + IoErrors.describe(e));
      return ExitCodes.RUNTIME_FAILURE;
    }
    spec.commandLine().getOut().println("ukms keygen: wrote a new key to " + file
        + " (mode 0600)");
    return ExitCodes.OK;
  }
}
