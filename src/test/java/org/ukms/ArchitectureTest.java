package org.ukms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The import rules of docs/design.md (from the style guide), checked on the sources. */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/org/ukms");
  private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)", Pattern.MULTILINE);

  /** For each package, the ukms packages it must not import. */
  private static final Map<String, Set<String>> FORBIDDEN = Map.ofEntries(
      Map.entry("crypto", Set.of("core", "config", "kme", "peer", "sim", "sink", "daemon", "cli")),
      Map.entry("core", Set.of("config", "kme", "peer", "sim", "sink", "daemon", "cli")),
      Map.entry("config", Set.of("kme", "peer", "sim", "sink", "daemon", "cli")),
      Map.entry("kme", Set.of("peer", "sim", "sink", "daemon", "cli")),
      Map.entry("peer", Set.of("kme", "sim", "sink", "daemon", "cli")),
      Map.entry("sink", Set.of("kme", "peer", "sim", "daemon", "cli")),
      Map.entry("sim", Set.of("peer", "sink", "daemon", "cli")),
      Map.entry("daemon", Set.of("cli")),
      Map.entry("bb84", Set.of("core", "config", "kme", "peer", "sim", "sink", "daemon", "cli",
          "exec", "http")),
      Map.entry("qlink", Set.of("core", "config", "kme", "peer", "sim", "sink", "daemon", "cli",
          "exec", "http", "admin")),
      Map.entry("etsi004", Set.of("config", "kme", "peer", "sim", "sink", "daemon", "cli",
          "admin", "bb84", "exec", "http")),
      Map.entry("skip", Set.of("kme", "etsi004", "peer", "sim", "sink", "daemon", "cli")),
      Map.entry("admin", Set.of("kme", "peer", "sim", "sink", "cli")),
      Map.entry("exec", Set.of("crypto", "core", "config", "kme", "peer", "sim", "sink", "daemon",
          "http", "cli")),
      Map.entry("http", Set.of("crypto", "core", "config", "kme", "peer", "sim", "sink", "daemon", "cli")),
      // The TLS-PSK transport knows secrets and the shared server bounds, nothing of SKIP.
      Map.entry("tlspsk", Set.of("core", "config", "kme", "peer", "sim", "sink", "daemon", "cli",
          "admin", "bb84", "etsi004", "exec", "skip")));

  @Test
  void packages_importOnlyDownward() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, Set<String>> rule : FORBIDDEN.entrySet()) {
      for (Path file : sources(MAIN.resolve(rule.getKey()))) {
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          String imported = m.group(2);
          for (String banned : rule.getValue()) {
            if (imported.startsWith("org.ukms." + banned + ".")) {
              violations.add(file.getFileName() + " imports " + imported);
            }
          }
        }
      }
    }
    assertEquals(List.of(), violations);
  }

  @Test
  void net_importsTheJdkOnly() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path file : sources(MAIN.resolve("net"))) {
      Matcher m = IMPORT.matcher(Files.readString(file));
      while (m.find()) {
        if (!m.group(2).startsWith("java.")) {
          violations.add(file.getFileName() + " imports " + m.group(2));
        }
      }
    }
    assertEquals(List.of(), violations, "org.ukms.net is socket plumbing on the JDK alone");
  }

  @Test
  void onlyHttpImportsJetty() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path file : sources(MAIN)) {
      if (file.startsWith(MAIN.resolve("http"))) {
        continue;
      }
      Matcher m = IMPORT.matcher(Files.readString(file));
      while (m.find()) {
        if (m.group(2).startsWith("org.eclipse.jetty.") || m.group(2).startsWith("org.slf4j.")) {
          violations.add(file.getFileName() + " imports " + m.group(2));
        }
      }
    }
    assertEquals(List.of(), violations);
  }

  @Test
  void onlyTlspskImportsBouncyCastleTls() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path file : sources(MAIN)) {
      if (file.startsWith(MAIN.resolve("tlspsk"))) {
        continue;
      }
      Matcher m = IMPORT.matcher(Files.readString(file));
      while (m.find()) {
        if (m.group(2).startsWith("org.bouncycastle.tls.")) {
          violations.add(file.getFileName() + " imports " + m.group(2));
        }
      }
    }
    assertEquals(List.of(), violations);
  }

  @Test
  void core_hasNoIoNoThreadsAndNoWallClock() throws IOException {
    List<String> violations = new ArrayList<>();
    // SecureRandom is injected randomness (ML-KEM needs that type), not I/O.
    Pattern allowed = Pattern.compile(
        "^(java\\.time|java\\.util|java\\.security\\.SecureRandom$|org\\.ukms\\.(core|crypto))\\b.*");
    for (Path file : sources(MAIN.resolve("core"))) {
      String text = Files.readString(file);
      Matcher m = IMPORT.matcher(text);
      while (m.find()) {
        if (!allowed.matcher(m.group(2)).matches() || m.group(2).startsWith("java.util.concurrent")) {
          violations.add(file.getFileName() + " imports " + m.group(2));
        }
      }
      for (String banned : List.of("Instant.now(", "System.currentTimeMillis", "System.nanoTime",
          "Thread.sleep", "new Thread", "Clock.system")) {
        if (text.contains(banned)) {
          violations.add(file.getFileName() + " uses " + banned);
        }
      }
    }
    assertEquals(List.of(), violations);
  }

  @Test
  void onlyCliPrintsToTheConsole() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path file : sources(MAIN)) {
      if (file.startsWith(MAIN.resolve("cli"))) {
        continue;
      }
      String text = Files.readString(file);
      if (text.contains("System.out.print") || text.contains("System.err.print")
          || text.contains("printStackTrace")) {
        violations.add(file.toString());
      }
    }
    assertEquals(List.of(), violations);
  }

  @Test
  void everyPackageHasPackageInfo() throws IOException {
    try (Stream<Path> dirs = Files.list(MAIN)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        assertTrue(Files.exists(dir.resolve("package-info.java")), dir.toString());
      }
    }
  }

  private static List<Path> sources(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }
}
