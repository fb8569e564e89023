package org.ukms.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ukms.admin.AdminClient;
import org.ukms.config.UkmsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ukms status}: asks the running daemon (its admin endpoint) how every peer is doing. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Ask the running daemon, through the admin_listen of its configuration, how "
        + "every peer is doing: protocol, mode, epoch, the last confirmed rotation and its age, "
        + "the PSK fingerprint in the session, on disk and in WireGuard, failures, the next "
        + "rotation.",
        "Exits 0 when every peer is healthy (a confirmed PSK younger than its lifetime), 1 when "
            + "one is not or the daemon cannot be reached, 2 on usage or configuration errors."})
final class StatusCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin ConfigOption config;

  @Option(names = "--json", description = "Print the daemon's /status JSON as it is.")
  boolean json;

  @Override
  public Integer call() {
    Path file = config.resolve(System.getenv());
    UkmsConfig loaded = ConfigOption.load(file, spec.commandLine().getErr());
    if (loaded == null) {
      return ExitCodes.USAGE_OR_CONFIG;
    }
    AdminClient.Answer answer;
    try {
      answer = AdminClient.get(loaded.adminListen(), "/status");
    } catch (AdminClient.UnreachableException e) {
      return failure(e.getMessage());
    }
    if (answer.status() != 200) {
      return failure(loaded.adminListen() + " answered /status with HTTP " + answer.status()
          + "; is it a ukms admin endpoint?");
    }
    JsonNode status;
    try {
      status = new ObjectMapper().readTree(answer.body());
    } catch (JsonProcessingException e) {
      return failure(loaded.adminListen() + " answered /status with something that is not "
          + "JSON; is it a ukms admin endpoint?");
    }
    if (!status.path("peers").isArray()) {
      return failure(loaded.adminListen() + " answered /status without a peers list");
    }
    spec.commandLine().getOut().print(json ? answer.body() : StatusTable.render(status));
    spec.commandLine().getOut().flush();
    return status.path("healthy").asBoolean(false) ? ExitCodes.OK : ExitCodes.RUNTIME_FAILURE;
  }

  private int failure(String message) {
    spec.commandLine().getErr().println("ukms status: " + message);
    spec.commandLine().getErr().flush();
    return ExitCodes.RUNTIME_FAILURE;
  }
}
