package org.ukms.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.ukms.config.ConfigError;
import org.ukms.config.ConfigException;
import org.ukms.config.ConfigLoader;
import org.ukms.config.UkmsConfig;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by the commands that read a configuration. */
final class ConfigOption {
  static final String ENV = "UKMS_CONFIG_FILE";
  static final Path DEFAULT = Path.of("/etc/ukms.toml");

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Configuration file (default: $" + ENV + ", else /etc/ukms.toml).")
  Path file;

  /** The file to read: the option, else the environment variable, else the default. */
  Path resolve(Map<String, String> environment) {
    if (file != null) {
      return file;
    }
    String fromEnv = environment.get(ENV);
    return fromEnv == null || fromEnv.isBlank() ? DEFAULT : Path.of(fromEnv);
  }

  /** Loads and validates; prints every error to {@code err} and returns null on failure. */
  static UkmsConfig load(Path file, PrintWriter err) {
    try {
      return ConfigLoader.load(file, Path.of("").toAbsolutePath(), System.getenv());
    } catch (ConfigException e) {
      report(e, err);
      return null;
    }
  }

  static void report(ConfigException e, PrintWriter err) {
    for (ConfigError error : e.errors()) {
      err.println(error);
    }
    err.flush();
  }
}
