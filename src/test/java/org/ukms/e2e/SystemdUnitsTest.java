package org.ukms.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged units under systemd's own analyzers: {@code systemd-analyze verify} is clean and
 * {@code systemd-analyze security --offline=true} scores 2.0 or lower, without
 * MemoryDenyWriteExecute (the JVM's JIT needs writable code). ExecStart names /usr/bin/ukms,
 * which exists only once the package is installed, so the check runs on a copy whose ExecStart
 * names the launcher in this tree; nothing else changes.
 */
class SystemdUnitsTest {
  static final Path UNITS = Path.of("packaging/systemd");
  static final Pattern SCORE = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d)");
  @TempDir Path dir;

  @BeforeEach
  void requireSystemdAnalyze() throws Exception {
    Assumptions.assumeTrue(Host.has("systemd-analyze"),
        "skipped: systemd-analyze is not installed (apt-get install systemd)");
  }

  /** The unit as the test checks it: ukms.service, or an instance of the template. */
  private Path copy(String unit) throws Exception {
    String text = Files.readString(UNITS.resolve(unit));
    assertTrue(text.contains("ExecStart=/usr/bin/ukms run "), unit);
    Path launcher = Path.of("packaging/deb/ukms").toAbsolutePath();
    Path out = dir.resolve(unit.replace("@.", "@test."));
    Files.writeString(out, text.replace("ExecStart=/usr/bin/ukms ", "ExecStart=" + launcher + " "));
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"ukms.service", "ukms@.service"})
  void verify_isClean(String unit) throws Exception {
    Host.Result r = Host.run(null, null, "systemd-analyze", "verify", copy(unit).toString());

    assertEquals(0, r.exit(), r.output());
    assertEquals("", r.output().strip(), "systemd-analyze verify printed warnings");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ukms.service", "ukms@.service"})
  void security_exposureIsAtMost2_withoutMemoryDenyWriteExecute(String unit) throws Exception {
    Host.Result r = Host.run(null, null, "systemd-analyze", "security", "--offline=true",
        "--no-pager", copy(unit).toString());
    Matcher m = SCORE.matcher(r.output());

    assertTrue(m.find(), r.output());
    double score = Double.parseDouble(m.group(1));
    assertTrue(score <= 2.0, unit + " scores " + score + "\n" + r.output());
    assertFalse(Files.readAllLines(UNITS.resolve(unit)).stream()
        .anyMatch(l -> l.startsWith("MemoryDenyWriteExecute=")), "the JIT needs it off");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ukms.service", "ukms@.service"})
  void units_grantOnlyNetAdmin_keepFilesPrivate_andSignalReadiness(String unit) throws Exception {
    List<String> lines = Files.readAllLines(UNITS.resolve(unit));

    for (String expected : List.of("Type=notify", "NotifyAccess=all",
        "AmbientCapabilities=CAP_NET_ADMIN", "CapabilityBoundingSet=CAP_NET_ADMIN", "UMask=0077",
        "StateDirectoryMode=0700", "ConfigurationDirectory=ukms", "NoNewPrivileges=yes")) {
      assertTrue(lines.contains(expected), unit + " lacks " + expected);
    }
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("LoadCredential=ukms:/etc/ukms/")));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("Environment=UKMS_CREDENTIALS=ukms:")));
  }
}
