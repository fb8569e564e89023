package org.ukms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.testing.FakeWg;
import org.ukms.testing.UkmsProcess;

/** {@code ukms check} of a peer with a WireGuard table looks for {@code wg} on PATH. */
class CheckWgIT {
  @TempDir Path dir;

  private int check(Path pathDir, BlockingQueue<String> out) throws Exception {
    Path key = dir.resolve("pair.key");
    if (!Files.exists(key)) {
      org.ukms.daemon.AuthKeys.generate(key, new java.security.SecureRandom());
    }
    Path file = Files.writeString(dir.resolve("wg.toml"), String.join("\n",
        "ukms_bind = \"127.0.0.1\"", "ukms_port = 8100",
        "[peers.bob]", "mode = \"pqc\"", "auth_key_file = \"" + key + "\"",
        "ukms_url = \"http://127.0.0.1:8101\"", "alias = \"bob\"",
        "source_KME_ID = \"alice\"", "slave_SAE_ID = \"bob\"",
        "[peers.bob.wireguard]", "interface = \"wg0\"",
        "public_key = \"xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\"", ""));
    try (UkmsProcess p = UkmsProcess.startIn("check", dir, out,
        List.of("env", "PATH=" + pathDir), "check", file.toString())) {
      int code = p.awaitExit(60); // and its last line, before close() ends the pipes
      assertTrue(code >= 0, "exited");
      return code;
    }
  }

  @Test
  void check_withoutWgOnPath_exits2AndSaysWhatToInstall() throws Exception {
    BlockingQueue<String> out = new LinkedBlockingQueue<>();

    assertEquals(2, check(Files.createDirectories(dir.resolve("empty")), out));
    assertEquals("check: " + dir.resolve("wg.toml") + ":10:1: peers.bob.wireguard: wg is not on "
        + "PATH, so the PSK cannot be applied (apt-get install wireguard-tools)",
        UkmsProcess.await(out, "wireguard", 10));
  }

  @Test
  void check_interfaceWgDoesNotKnow_exits2AtTheInterfaceKey() throws Exception {
    FakeWg wg = new FakeWg(dir.resolve("bin"));
    wg.removeInterface("wg0");
    BlockingQueue<String> out = new LinkedBlockingQueue<>();

    assertEquals(2, check(wg.program.getParent(), out));
    assertEquals("check: " + dir.resolve("wg.toml") + ":11:1: peers.bob.wireguard.interface: "
        + "interface wg0 does not exist (wg show wg0 public-key: Unable to access interface: "
        + "No such device)", UkmsProcess.await(out, "interface wg0", 10));
  }

  @Test
  void check_withWgOnPath_passes() throws Exception {
    FakeWg wg = new FakeWg(dir.resolve("bin"));

    assertEquals(0, check(wg.program.getParent(), new LinkedBlockingQueue<>()));
  }
}
