package org.ukms.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRunnerTest {
  @TempDir Path dir;
  final CommandRunner runner = new CommandRunner(64);

  @Test
  void run_passesArgumentsVerbatim_withoutAShell() throws Exception {
    Path marker = dir.resolve("injected");
    CommandRunner.Result r = runner.run(List.of("/bin/echo", "a b", "; touch " + marker, "$HOME"),
        Map.of(), null, Duration.ofSeconds(10));

    assertTrue(r.ok());
    assertEquals("a b ; touch " + marker + " $HOME\n", r.output());
    assertFalse(Files.exists(marker), "no shell ran the text");
  }

  @Test
  void run_feedsStdin_andAddsEnvironment() throws Exception {
    CommandRunner.Result r = runner.run(List.of("/bin/sh", "-c", "read line; echo \"$line/$X\""),
        Map.of("X", "env"), "from-stdin\n".getBytes(StandardCharsets.US_ASCII),
        Duration.ofSeconds(10));

    assertEquals("from-stdin/env\n", r.output());
  }

  @Test
  void run_keepsOutputUpToTheCap_andSaysItWasTruncated() throws Exception {
    CommandRunner.Result r = runner.run(List.of("/bin/sh", "-c",
        "head -c 100000 /dev/zero | tr '\\0' x; echo done >&2; exit 3"), Map.of(), null,
        Duration.ofSeconds(10));

    assertEquals(3, r.exitCode());
    assertFalse(r.ok());
    assertEquals("x".repeat(64), r.output());
    assertTrue(r.truncated());
    assertEquals("exit 3", r.ending(Duration.ofSeconds(10)));
  }

  @Test
  void run_killsTheWholeTree_atTheTimeout() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    CommandRunner.Result r = runner.run(List.of("/bin/sh", "-c",
        "sleep 600 & echo $! > " + pidFile + "; wait"), Map.of(), null, Duration.ofSeconds(3));

    assertTrue(r.timedOut()); // 3 s: time for sh to start the child and write its pid first
    assertEquals("timed out after 3 s", r.ending(Duration.ofSeconds(3)));
    long child = Long.parseLong(Files.readString(pidFile).strip());
    ProcessHandle.of(child).ifPresent(h -> h.onExit().join());
    assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false),
        "the grandchild was killed too");
  }

  @Test
  void oneLine_escapesNewlinesAndQuotes() throws Exception {
    CommandRunner.Result r = runner.run(List.of("/bin/printf", "a\\n\"b\"\\n"), Map.of(), null,
        Duration.ofSeconds(10));

    assertEquals("a\\n\\\"b\\\"", r.oneLine());
  }

  @Test
  void run_childSeesOnlyTheAllowListedEnvironment_plusWhatTheCallerAdds() throws Exception {
    Map<String, String> daemon = Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8",
        "LC_ALL", "C", "TZ", "UTC", "NOTIFY_SOCKET", "/run/systemd/notify",
        "CREDENTIALS_DIRECTORY", "/run/credentials/ukms.service", "HOME", "/root",
        "UKMS_CREDENTIALS", "ukms:/etc/ukms/keys", "JAVA_TOOL_OPTIONS", "-Dx=y");
    CommandRunner clean = new CommandRunner(4096, daemon);

    CommandRunner.Result r = clean.run(List.of("/usr/bin/env"), Map.of("UKMS_PEER", "bob"),
        null, Duration.ofSeconds(10));

    assertTrue(r.ok(), r.output());
    assertEquals(List.of("LANG=C.UTF-8", "LC_ALL=C", "PATH=/usr/bin:/bin", "TZ=UTC",
        "UKMS_PEER=bob"), r.output().lines().sorted().toList());
  }

  @Test
  void run_daemonWithoutPath_givesTheChildASafePath() throws Exception {
    CommandRunner clean = new CommandRunner(4096, Map.of("NOTIFY_SOCKET", "/run/systemd/notify"));

    CommandRunner.Result r = clean.run(List.of("/usr/bin/env"), Map.of(), null,
        Duration.ofSeconds(10));

    assertEquals("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n",
        r.output());
  }
}
