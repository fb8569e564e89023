package org.ukms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.testing.AwaitFile;
import org.ukms.testing.ExampleConfigs;
import org.ukms.testing.UkmsProcess;

/**
 * Type=notify readiness: under systemd (NOTIFY_SOCKET set) {@code ukms run} calls
 * {@code systemd-notify --ready} only once its peer API accepts connections, and
 * {@code systemd-notify STOPPING=1} on SIGTERM. A stand-in systemd-notify records its arguments
 * and whether the port accepted a connection at that moment.
 */
class SystemdNotifyIT {
  @TempDir Path dir;

  @Test
  void ready_isSentOnceThePeerApiListens_andStoppingOnSigterm() throws Exception {
    Path config = ExampleConfigs.copyTo(dir).get("alice");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("ukms_port = (\\d+)")
        .matcher(Files.readString(config));
    m.find();
    int port = Integer.parseInt(m.group(1));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path record = dir.resolve("notify.log");
    Path fake = bin.resolve("systemd-notify");
    Files.writeString(fake, String.join("\n", "#!/bin/bash",
        "if (exec 3<>/dev/tcp/127.0.0.1/" + port + ") 2>/dev/null; then l=yes; else l=no; fi",
        "echo \"$* listening=$l socket=$NOTIFY_SOCKET\" >> " + record, ""));
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    BlockingQueue<String> events = new LinkedBlockingQueue<>();

    try (UkmsProcess alice = UkmsProcess.startIn("alice", dir, events, List.of("env",
        "NOTIFY_SOCKET=/run/test/notify", "PATH=" + bin + ":" + System.getenv("PATH")), "run",
        "--config", config.toString())) {
      String ready = AwaitFile.await(record, t -> t.contains("\n"), Duration.ofSeconds(30));
      assertEquals("--ready --status=listening on port " + port + ", 1 peer(s) listening=yes "
          + "socket=/run/test/notify\n", ready);

      assertEquals(0, alice.terminate(10));
      assertEquals(ready + "STOPPING=1 listening=yes socket=/run/test/notify\n",
          Files.readString(record));
    }
  }

  @Test
  void sighup_reloadsTheFile_keepsRunning_andRefusesABrokenFileWithItsLocation()
      throws Exception {
    Path config = ExampleConfigs.copyTo(dir).get("alice");
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path record = dir.resolve("notify.log");
    Path fake = bin.resolve("systemd-notify");
    Files.writeString(fake, "#!/bin/bash\necho \"$*\" >> " + record + "\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    BlockingQueue<String> events = new LinkedBlockingQueue<>();

    try (UkmsProcess alice = UkmsProcess.startIn("alice", dir, events, List.of("env",
        "NOTIFY_SOCKET=/run/test/notify", "PATH=" + bin + ":" + System.getenv("PATH")), "run",
        "--config", config.toString())) {
      String port = UkmsProcess.await(events, "daemon: listening on", 30)
          .replaceAll(".*listening on 127.0.0.1:(\\d+) .*", "$1");
      AwaitFile.await(record, t -> t.contains("--ready"), Duration.ofSeconds(30));
      Files.writeString(config, Files.readString(config).replace("[peers.bob]",
          "[peers.dave]\nprotocol = \"v2\"\nmode = \"pqc\"\nmaster_SAE_ID = \"alice\"\n"
              + "auth_key_file = \"example/keys/EXAMPLE-alice-bob.key\"\n"
              + "ukms_url = \"http://127.0.0.1:9\"\nalias = \"dave\"\n"
              + "source_KME_ID = \"alice\"\nslave_SAE_ID = \"dave\"\n\n[peers.bob]"));

      hangUp(alice);
      assertEquals(true, UkmsProcess.await(events, "event=reloaded", 30)
          .contains("event=reloaded added=[dave] removed=[] changed=[] unchanged=1"));
      try {
        AwaitFile.await(record, t -> t.contains("RELOADING=1\n--ready --status=listening on port "
            + port + ", 2 peer(s)"), Duration.ofSeconds(30));
      } catch (AssertionError e) {
        throw new AssertionError(Files.readString(record) + String.join("\n", alice.lines), e);
      }

      Files.writeString(config, "ukms_port = 1\n" + Files.readString(config));
      hangUp(alice);
      String refused = UkmsProcess.await(events, "event=reload_refused", 30);
      assertEquals(true, refused.contains(config + ":1:1: ukms_port: duplicate key")
          || refused.matches(".*" + java.util.regex.Pattern.quote(config.toString())
              + ":\\d+:\\d+: .*"), refused);
      assertEquals(true, alice.process.isAlive());

      assertEquals(0, alice.terminate(10));
    }
  }

  private static void hangUp(UkmsProcess p) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(p.process.pid()))
        .inheritIO().start().waitFor());
  }
}
