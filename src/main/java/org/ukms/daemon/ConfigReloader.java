package org.ukms.daemon;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.ukms.config.ConfigError;
import org.ukms.config.ConfigException;
import org.ukms.config.ConfigLoader;
import org.ukms.config.UkmsConfig;

/**
 * What SIGHUP does: re-read the configuration file, check it as {@code ukms check} would, and
 * hand it to {@link Daemon#reload}. A file with errors changes nothing: every error is logged with
 * its {@code FILE:LINE:COLUMN} and the running configuration stays.
 */
public final class ConfigReloader {
  private static final System.Logger logger = System.getLogger("org.ukms.daemon");

  private final Daemon daemon;
  private final Path file;
  private final Path workDir;
  private final Map<String, String> environment;
  private final String wg;

  /** {@code environment} as {@code run} saw it (systemd credentials); {@code wg} as in start. */
  public ConfigReloader(Daemon daemon, Path file, Path workDir, Map<String, String> environment,
      String wg) {
    this.daemon = daemon;
    this.file = file;
    this.workDir = workDir;
    this.environment = Map.copyOf(environment);
    this.wg = wg;
  }

  /** Reloads; empty when the file was refused (logged), else what changed (logged). */
  public Optional<Reload.Result> reload() {
    logger.log(System.Logger.Level.INFO, "event=reload file=" + file);
    UkmsConfig next;
    try {
      next = ConfigLoader.load(file, workDir, environment);
      Preflight.check(next, wg);
    } catch (ConfigException e) {
      for (ConfigError error : e.errors()) {
        logger.log(System.Logger.Level.ERROR, "event=reload_refused error=\"" + error
            + "\" action=kept_running_configuration");
      }
      return Optional.empty();
    }
    try {
      Reload.Result result = daemon.reload(next);
      logger.log(result.failed().isEmpty() ? System.Logger.Level.INFO
          : System.Logger.Level.WARNING, "event=reloaded " + result.summary());
      for (String setting : result.needRestart()) {
        logger.log(System.Logger.Level.WARNING, "event=reload setting=\"" + setting
            + "\" action=needs_restart (the running value stays until ukms restarts)");
      }
      return Optional.of(result);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
