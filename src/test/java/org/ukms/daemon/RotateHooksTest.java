package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.EtsiMethod;
import org.ukms.config.KmeSettings;
import org.ukms.config.PeerConfig;
import org.ukms.config.PskFileNames;
import org.ukms.config.PeerOutputs;
import org.ukms.config.Protocol;
import org.ukms.config.RotateHook;
import org.ukms.config.TlsFiles;
import org.ukms.core.KeyId;
import org.ukms.exec.CommandRunner;
import org.ukms.testing.LogCapture;

class RotateHooksTest {
  static final KeyId A = new KeyId("0f5c5e0e-5a3f-4a6c-9c5e-2f7c3a1b9d01");
  static final KeyId B = new KeyId("7d0e7b53-7e5c-4b7e-8f0e-1b2c3d4e5f60");
  @TempDir Path dir;
  final RotationStats stats = new RotationStats();

  private Path script(String body) throws Exception {
    Path file = dir.resolve("hook-" + body.hashCode() + ".sh");
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  private PeerConfig peer(List<String> command, Duration timeout) {
    return new PeerConfig("bob", "bob-psk", "alice", null, "bob", URI.create("http://127.0.0.1:1"),
        new KmeSettings(URI.create("http://127.0.0.1:2"), EtsiMethod.GET,
            new TlsFiles(null, null, null), Duration.ofSeconds(1), Duration.ofSeconds(1)),
        Duration.ofSeconds(30), Duration.ofSeconds(5), Protocol.UKMS_V1, null,
        new PeerOutputs(null, new RotateHook(command, timeout)));
  }

  private RotateHooks hooks(PeerConfig peer, Path keyFolder, Executor executor) {
    return new RotateHooks(List.of(peer), keyFolder, PskFileNames.UKMS,
        new CommandRunner(RotateHooks.OUTPUT_CAP), executor, stats);
  }

  @Test
  void installed_runsTheHook_withTheRotationInItsEnvironment_andNoKey() throws Exception {
    Path out = dir.resolve("seen");
    Path hook = script("{ echo \"$1\"; env | grep '^UKMS_' | sort; } > " + out);

    try (LogCapture logs = new LogCapture()) {
      hooks(peer(List.of(hook.toString(), "arg one"), Duration.ofSeconds(10)),
          dir.resolve("psk"), Runnable::run).installed("bob", 42, List.of(A, B));

      assertEquals(String.join("\n", "arg one",
          "UKMS_ALIAS=bob-psk",
          "UKMS_EPOCH=42",
          "UKMS_KEY_IDS=" + A + "," + B,
          "UKMS_PEER=bob",
          "UKMS_PSK_FILE=" + dir.resolve("psk/bob-psk.key"), ""), Files.readString(out));
      assertEquals(1, stats.of("bob").hookRuns());
      assertEquals(0, stats.of("bob").hookFailures());
      assertTrue(logs.lines.stream().anyMatch(l -> l.contains("peer=bob hook=on_rotate epoch=42 "
          + "command=\"" + hook + "\" result=ok exit=0")), logs.lines.toString());
    }
  }

  @Test
  void installed_ukmsV1FileNames_pointUkmsPskFileAtTheUkmsName() throws Exception {
    Path out = dir.resolve("seen");
    Path hook = script("env | grep '^UKMS_PSK_FILE=' > " + out);

    new RotateHooks(List.of(peer(List.of(hook.toString()), Duration.ofSeconds(10))),
        dir.resolve("psk"), PskFileNames.UKMS_V1, new CommandRunner(RotateHooks.OUTPUT_CAP),
        Runnable::run, stats).installed("bob", 1, List.of(A));

    assertEquals("UKMS_PSK_FILE=" + dir.resolve("psk/wg2-bob-psk.key") + "\n",
        Files.readString(out));
  }

  @Test
  void installed_withoutAKeyFolder_leavesOutThePskFile() throws Exception {
    Path out = dir.resolve("seen");
    Path hook = script("env | grep -c '^UKMS_PSK_FILE=' > " + out);

    hooks(peer(List.of(hook.toString()), Duration.ofSeconds(10)), null, Runnable::run)
        .installed("bob", 1, List.of());

    assertEquals("0\n", Files.readString(out));
  }

  @Test
  void aFailingHook_isLoggedWithItsOutput_andCounted() throws Exception {
    Path hook = script("echo 'cannot reach the router'; exit 4");

    try (LogCapture logs = new LogCapture()) {
      hooks(peer(List.of(hook.toString()), Duration.ofSeconds(10)), null, Runnable::run)
          .installed("bob", 1, List.of());

      assertEquals(1, stats.of("bob").hookFailures());
      assertTrue(logs.lines.stream().anyMatch(l -> l.startsWith("WARNING")
          && l.contains("result=failed exit=4") && l.contains("output=\"cannot reach the router\"")),
          logs.lines.toString());
    }
  }

  @Test
  void aHangingHook_isKilledAtItsTimeout() throws Exception {
    Path hook = script("exec sleep 600");

    try (LogCapture logs = new LogCapture()) {
      hooks(peer(List.of(hook.toString()), Duration.ofSeconds(1)), null, Runnable::run)
          .installed("bob", 1, List.of());

      assertEquals(1, stats.of("bob").hookFailures());
      assertTrue(logs.lines.stream().anyMatch(l -> l.contains("result=failed killed_after_s=1")),
          logs.lines.toString());
    }
  }

  @Test
  void rotationsDuringARun_collapseIntoOneRunForTheNewest() throws Exception {
    Path out = dir.resolve("epochs");
    Path hook = script("echo $UKMS_EPOCH >> " + out);
    List<Runnable> queued = new ArrayList<>();
    RotateHooks hooks = hooks(peer(List.of(hook.toString()), Duration.ofSeconds(10)), null,
        queued::add);

    hooks.installed("bob", 1, List.of());
    hooks.installed("bob", 2, List.of());
    hooks.installed("bob", 3, List.of());
    assertEquals(1, queued.size(), "one drain per peer at a time");
    queued.get(0).run();
    hooks.installed("bob", 4, List.of());
    queued.get(1).run();

    assertEquals("3\n4\n", Files.readString(out));
  }

  @Test
  void peersWithoutAHook_runNothing() {
    List<Runnable> queued = new ArrayList<>();
    RotateHooks hooks = new RotateHooks(List.of(), null, PskFileNames.UKMS, new CommandRunner(10), queued::add, stats);

    hooks.installed("bob", 1, List.of());

    assertFalse(hooks.any());
    assertEquals(List.of(), queued);
  }
}
