package org.ukms.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import org.ukms.config.ConfigException;
import org.ukms.config.IoErrors;
import org.ukms.config.UkmsConfig;
import org.ukms.daemon.ConfigReloader;
import org.ukms.daemon.Daemon;
import org.ukms.daemon.Environment;
import org.ukms.daemon.LogFormat;
import org.ukms.daemon.Logs;
import org.ukms.daemon.SystemdNotify;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ukms run}: the daemon, until SIGTERM or SIGINT, which end it with exit code 0. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the daemon: rotate the PSK of every configured peer until stopped "
        + "(SIGTERM or Ctrl-C stop it cleanly with exit code 0).")
final class RunCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin ConfigOption config;

  @Option(names = "--log-level", paramLabel = "LEVEL",
      defaultValue = "${env:UKMS_LOG_LEVEL:-info}",
      description = "error, warning, info, debug (ukms's own lines) or trace (libraries too); "
          + "default: $UKMS_LOG_LEVEL, else info.")
  String logLevel;

  @Option(names = "--log-format", paramLabel = "FORMAT",
      defaultValue = "${env:UKMS_LOG_FORMAT:-text}",
      description = "text (one plain line per event) or json (one JSON object per line, for log "
          + "shippers); default: $UKMS_LOG_FORMAT, else text.")
  String logFormat;

  @Override
  public Integer call() throws InterruptedException {
    Level level = Logs.parse(logLevel);
    if (level == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--log-level: expected error, warning, info, debug or trace, found " + logLevel);
    }
    LogFormat format = LogFormat.parse(logFormat);
    if (format == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--log-format: expected text or json, found " + logFormat);
    }
    Path file = config.resolve(System.getenv());
    UkmsConfig loaded = ConfigOption.load(file, spec.commandLine().getErr());
    if (loaded == null) {
      return ExitCodes.USAGE_OR_CONFIG;
    }
    Logs.install(System.err, System.getenv("JOURNAL_STREAM") != null, level, format);
    Daemon daemon;
    try {
      daemon = Daemon.start(loaded, Environment.system());
    } catch (ConfigException e) {
      ConfigOption.report(e, spec.commandLine().getErr());
      return ExitCodes.USAGE_OR_CONFIG;
    } catch (IOException e) {
      spec.commandLine().getErr().println("ukms: cannot start: " + IoErrors.describe(e));
      return ExitCodes.RUNTIME_FAILURE;
    }
    SystemdNotify systemd = SystemdNotify.from(System.getenv());
    Signals.onTermination(() -> {
      systemd.stopping();
      daemon.close();
    });
    ConfigReloader reloader = new ConfigReloader(daemon, file, Path.of("").toAbsolutePath(),
        System.getenv(), "wg");
    Signals.onHangup(() -> {
      systemd.reloading();
      reloader.reload();
      systemd.ready(daemon.port(), daemon.config().peers().size());
    });
    systemd.ready(daemon.port(), loaded.peers().size());
    new CountDownLatch(1).await();
    return ExitCodes.OK;
  }
}
