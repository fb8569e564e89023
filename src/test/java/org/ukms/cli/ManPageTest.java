package org.ukms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The man page and completion come from the picocli model and name all of it. */
class ManPageTest {
  @TempDir Path dir;

  @Test
  void troff_namesEverySubcommandAndEachOfItsOptions() {
    CommandSpec root = UkmsCommand.commandLine().getCommandSpec();
    String page = ManPage.troff(root);
    List<String> missing = new ArrayList<>();
    for (CommandSpec spec : ManPage.commands(root)) {
      int at = page.indexOf(".SS \"" + ManPage.text(spec.qualifiedName()) + "\"\n");
      if (at < 0) {
        missing.add(spec.name());
        continue;
      }
      int end = page.indexOf(".SS ", at + 1);
      String section = page.substring(at, end < 0 ? page.indexOf(".SH EXIT STATUS") : end);
      for (OptionSpec o : spec.options()) {
        for (String name : o.names()) {
          if (!section.contains("\\fB" + name.replace("-", "\\-") + "\\fR")) {
            missing.add(spec.name() + " " + name);
          }
        }
      }
      spec.positionalParameters().forEach(p -> {
        if (!section.contains("\\fI" + p.paramLabel() + "\\fR")) {
          missing.add(spec.name() + " " + p.paramLabel());
        }
      });
    }
    assertEquals(List.of(), missing);
    assertTrue(root.subcommands().keySet().containsAll(
        List.of("run", "check", "kme", "demo", "keygen", "fingerprint", "skip")));
    assertTrue(page.contains(".SS \"ukms skip get\\-key\"\n"), "nested commands have sections");
    for (String section : List.of("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS",
        "EXIT STATUS", "ENVIRONMENT", "FILES", "SEE ALSO")) {
      assertTrue(page.contains(".SH " + section + "\n"), section);
    }
    assertTrue(page.contains(".B UKMS_CONFIG_FILE\n") && page.contains(".B UKMS_LOG_LEVEL\n"));
  }

  @Test
  void text_escapesBackslashesHyphensAndLeadingDots() {
    assertEquals("a\\eb \\-\\-x\n\\&.not a request", ManPage.text("a\\b --x%n.not a request"));
  }

  @Test
  void main_writesThePageGzippedAndBothCompletions() throws Exception {
    ManPage.main(new String[] {dir.toString()});

    try (var in = new java.util.zip.GZIPInputStream(
        Files.newInputStream(dir.resolve("ukms.1.gz")))) {
      assertEquals(Files.readString(dir.resolve("ukms.1")),
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
    String bash = Files.readString(dir.resolve("ukms.bash"));
    assertTrue(bash.contains("complete -F _complete_ukms") && bash.contains("fingerprint"), bash);
    assertTrue(Files.readString(dir.resolve("_ukms")).startsWith("#compdef ukms\n"));
  }
}
