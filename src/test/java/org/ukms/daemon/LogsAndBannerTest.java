package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.ConfigLoader;
import org.ukms.config.UkmsConfig;
import org.ukms.testing.ExampleConfigs;

/** Issue 12: debug shows ukms's own lines, trace the libraries' too; the start line. */
@org.junit.jupiter.api.extension.ExtendWith(org.ukms.testing.RestoreLogging.class)
class LogsAndBannerTest {
  @TempDir Path dir;
  private final Logger root = Logger.getLogger("");
  private String logAt(String level) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Logs.install(new PrintStream(out, true, StandardCharsets.UTF_8), false, Logs.parse(level));
    Logger.getLogger("org.ukms.rotation").fine("ours");
    Logger.getLogger("sun.security.ssl").fine("jdk tls");
    Logger.getLogger("okhttp3.internal.concurrent.TaskRunner").fine("task runner");
    Logger.getLogger("org.ukms.rotation").info("info line");
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void debug_showsUkmsOwnLinesOnly() {
    String log = logAt("debug");
    assertTrue(log.contains("DEBUG rotation: ours"), log);
    assertFalse(log.contains("jdk tls"), log);
    assertFalse(log.contains("task runner"), log);
    assertTrue(log.contains("INFO  rotation: info line"), log);
  }

  @Test
  void trace_showsTheLibrariesToo() {
    String log = logAt("trace");
    assertTrue(log.contains("ours") && log.contains("jdk tls") && log.contains("task runner"),
        log);
  }

  @Test
  void info_hidesDebugLines_andParseRefusesUnknownLevels() {
    String log = logAt("info");
    assertFalse(log.contains("ours"), log);
    assertTrue(log.contains("info line"), log);
    assertNull(Logs.parse("verbose"));
    assertEquals(Level.WARNING, Logs.parse("WARN"));
  }

  @Test
  void banner_saysVersionProtocolsModesAndKeySources_butNoPathOrKey() throws Exception {
    Map<String, Path> files = ExampleConfigs.copyTo(dir);
    UkmsConfig alice = ConfigLoader.load(files.get("alice"), dir);

    String line = Banner.line(alice, 8100);

    assertTrue(line.startsWith("listening on " + alice.bind() + ":8100 peers="
        + alice.peers().size() + " version="), line);
    assertTrue(line.contains(" protocols=v2:" + alice.peers().size()), line);
    assertTrue(line.contains(" modes=") && line.contains(" key_sources="), line);
    assertFalse(line.contains("/") || line.contains(".key"), "no paths: " + line);
  }
}
