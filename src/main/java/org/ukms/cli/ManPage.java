package org.ukms.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The man page {@code ukms(1)} (troff) and the bash/zsh completion script, both generated from the
 * picocli model of {@link UkmsCommand}, so they name exactly the commands and options the parser
 * knows. The build runs {@link #main} before packaging; the .deb ships the results.
 */
public final class ManPage {
  private ManPage() {}

  /**
   * Writes {@code ukms.1}, {@code ukms.1.gz}, {@code ukms.bash} (for bash-completion) and {@code
   * _ukms} (for zsh, through bashcompinit) into the folder {@code args[0]}.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ManPage OUTPUT_FOLDER");
    }
    Path out = Files.createDirectories(Path.of(args[0]));
    CommandLine cli = UkmsCommand.commandLine();
    byte[] page = troff(cli.getCommandSpec()).getBytes(StandardCharsets.UTF_8);
    Files.write(out.resolve("ukms.1"), page);
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(out.resolve("ukms.1.gz")))) {
      gz.write(page);
    }
    String bash = AutoComplete.bash("ukms", cli);
    Files.writeString(out.resolve("ukms.bash"), bash);
    Files.writeString(out.resolve("_ukms"), "#compdef ukms\n" + bash);
  }

  /** The whole man page for {@code spec}, the top-level command. */
  static String troff(CommandSpec spec) {
    StringBuilder t = new StringBuilder();
    String version = org.ukms.daemon.Daemon.version();
    t.append(".TH UKMS 1 \"\" \"ukms ").append(version).append("\" \"User Commands\"\n");
    t.append(".SH NAME\nukms \\- ").append(text(first(spec.usageMessage().description())))
        .append('\n');
    t.append(".SH SYNOPSIS\n");
    t.append(".B ukms\n[\\fB\\-h\\fR|\\fB\\-V\\fR]\n.br\n");
    for (CommandSpec sub : commands(spec)) {
      t.append(".B ").append(text(sub.qualifiedName())).append('\n').append(synopsis(sub))
          .append(".br\n");
    }
    t.append(".SH DESCRIPTION\n").append(text(String.join(" ",
        spec.usageMessage().description()))).append('\n');
    t.append(".PP\nukms agrees a fresh PSK with each peer's ukms on a schedule (protocol v2, or "
        + "the original uKMS protocol with protocol = \"ukms\\-v1\"), writes it to a private "
        + "file and applies it to WireGuard. Its configuration is one TOML file; every key is "
        + "described in /usr/share/doc/ukms/docs/configuration.md.\n");
    t.append(".SH OPTIONS\n");
    options(t, spec);
    t.append(".SH COMMANDS\n");
    for (CommandSpec sub : commands(spec)) {
      t.append(".SS \"").append(text(sub.qualifiedName())).append("\"\n");
      t.append(text(String.join(" ", sub.usageMessage().description()))).append('\n');
      options(t, sub);
    }
    t.append(".SH EXIT STATUS\n");
    t.append(".TP\n.B 0\nSuccess; also a daemon stopped by SIGTERM or SIGINT.\n");
    t.append(".TP\n.B 1\nRuntime failure (for example the port is taken, or a peer is "
        + "unhealthy for ukms status).\n");
    t.append(".TP\n.B 2\nUsage or configuration error; each configuration error is printed as "
        + "FILE:LINE:COLUMN: key: problem.\n");
    t.append(".SH ENVIRONMENT\n");
    item(t, "UKMS_CONFIG_FILE", "The configuration file when \\-\\-config is not given "
        + "(default /etc/ukms.toml).");
    item(t, "UKMS_LOG_LEVEL", "The default of \\-\\-log\\-level: error, warning, info, debug "
        + "or trace.");
    item(t, "UKMS_LOG_FORMAT", "The default of \\-\\-log\\-format: text or json.");
    item(t, "UKMS_CREDENTIALS", "Set by the systemd units: which configured folder systemd "
        + "hands over as credentials (LoadCredential=).");
    item(t, "UKMS_JAVA_OPTS, JAVA_HOME", "Read by the /usr/bin/ukms launcher: extra JVM "
        + "options, and another Java.");
    t.append(".SH FILES\n");
    item(t, "/etc/ukms.toml", "The configuration of ukms.service.");
    item(t, "/etc/ukms/NAME.toml", "The configuration of ukms@NAME.service.");
    item(t, "/etc/ukms/keys", "Auth keys, link secrets and TLS keys (root only; passed to the "
        + "service as credentials).");
    item(t, "/var/lib/ukms", "PSK files and v2 chain state of ukms.service.");
    item(t, "/usr/share/doc/ukms", "README.md and docs/: configuration reference, operations, "
        + "protocols, migration from uKMS.");
    t.append(".SH SEE ALSO\n.BR wg (8),\n.BR wg\\-quick (8),\n.BR systemctl (1),\n"
        + ".BR journalctl (1)\n");
    return t.toString();
  }

  /** Every command below {@code spec}, depth first: {@code skip} before {@code skip get-key}. */
  static List<CommandSpec> commands(CommandSpec spec) {
    List<CommandSpec> all = new java.util.ArrayList<>();
    for (CommandSpec sub : spec.subcommands().values().stream().distinct()
        .map(CommandLine::getCommandSpec).toList()) {
      all.add(sub);
      all.addAll(commands(sub));
    }
    return all;
  }

  private static String synopsis(CommandSpec sub) {
    StringBuilder s = new StringBuilder();
    for (OptionSpec o : sub.options()) {
      if (o.hidden()) {
        continue;
      }
      s.append("[\\fB").append(dashes(o.longestName())).append("\\fR");
      if (o.arity().max() > 0) {
        s.append(" \\fI").append(text(o.paramLabel())).append("\\fR");
      }
      s.append("]\n");
    }
    for (PositionalParamSpec p : sub.positionalParameters()) {
      if (!p.hidden()) {
        s.append("[\\fI").append(text(p.paramLabel())).append("\\fR]\n");
      }
    }
    return s.toString();
  }

  private static void options(StringBuilder t, CommandSpec spec) {
    for (OptionSpec o : spec.options()) {
      if (o.hidden()) {
        continue;
      }
      StringBuilder names = new StringBuilder();
      for (String name : o.names()) {
        names.append(names.length() == 0 ? "" : ", ").append("\\fB").append(dashes(name))
            .append("\\fR");
      }
      if (o.arity().max() > 0) {
        names.append(" \\fI").append(text(o.paramLabel())).append("\\fR");
      }
      t.append(".TP\n").append(names).append('\n').append(description(o)).append('\n');
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (!p.hidden()) {
        t.append(".TP\n\\fI").append(text(p.paramLabel())).append("\\fR\n")
            .append(description(p)).append('\n');
      }
    }
  }

  private static String description(ArgSpec arg) {
    String d = String.join(" ", arg.description());
    String fallback = arg.defaultValue() == null ? "" : arg.defaultValue();
    d = d.replace("${DEFAULT-VALUE}", fallback);
    if (arg.completionCandidates() != null) {
      List<String> values = new java.util.ArrayList<>();
      arg.completionCandidates().forEach(values::add);
      d = d.replace("${COMPLETION-CANDIDATES}", String.join(", ", values));
    }
    return text(d.isBlank() ? "(no description)" : d);
  }

  private static void item(StringBuilder t, String term, String text) {
    t.append(".TP\n.B ").append(term).append('\n').append(text).append('\n');
  }

  private static String first(String[] lines) {
    return lines.length == 0 ? "" : lines[0];
  }

  private static String dashes(String optionName) {
    return optionName.replace("-", "\\-");
  }

  /**
   * Text for a troff body line: backslashes escaped, hyphens made literal, and a line that would
   * start with a control character ({@code .} or {@code '}) protected.
   */
  static String text(String s) {
    String out = s.replace("\\", "\\e").replace("-", "\\-").replace("%n", "\n");
    StringBuilder b = new StringBuilder();
    for (String line : out.split("\n", -1)) {
      if (b.length() > 0) {
        b.append('\n');
      }
      b.append(line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line);
    }
    return b.toString();
  }
}
