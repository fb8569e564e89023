package org.ukms.cli;

import java.io.IOException;
import org.ukms.daemon.Logs;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code ukms} command. */
@Command(
    name = "ukms",
    mixinStandardHelpOptions = true,
    versionProvider = UkmsCommand.Version.class,
    description = "Turns QKD keys (ETSI GS QKD 014) into rotating WireGuard pre-shared keys.",
    subcommands = {RunCommand.class, CheckCommand.class, KmeCommand.class, DemoCommand.class,
        KeygenCommand.class, FingerprintCommand.class, StatusCommand.class, SkipCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:ok", "1:runtime failure", "2:usage or configuration error"})
public final class UkmsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The configured command line; exit codes as {@link ExitCodes}. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new UkmsCommand());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("ukms: " + (e instanceof java.io.IOException io
          ? org.ukms.config.IoErrors.describe(io) : e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage())));
      return ExitCodes.RUNTIME_FAILURE;
    });
    return cli;
  }

  /**
   * Runs the command line as the process's main program and returns its exit code, marked as a
   * self-initiated exit so the signal hook leaves it alone.
   */
  public static int execute(String... args) {
    Logs.selectManager();
    int code = commandLine().execute(args);
    Signals.exiting();
    return code;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "a command is required (run, check, status, kme, demo, keygen, fingerprint, skip); see "
            + "ukms --help");
  }

  /** The version from the build, e.g. {@code ukms 0.1.0}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ukms " + org.ukms.daemon.Daemon.version(),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
              + ")"};
    }
  }
}
