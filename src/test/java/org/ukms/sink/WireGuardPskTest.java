package org.ukms.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.WireGuardPeer;
import org.ukms.crypto.Secret;
import org.ukms.exec.CommandRunner;
import org.ukms.testing.FakeWg;

class WireGuardPskTest {
  static final String PUB = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
  @TempDir Path dir;

  @Test
  void install_runsWgSet_withThePskOnStdinOnly() throws Exception {
    FakeWg wg = new FakeWg(dir);
    byte[] raw = new byte[32];
    raw[0] = 7;
    String b64 = Base64.getEncoder().encodeToString(raw);

    new WireGuardPsk(new CommandRunner(1024), wg.program.toString(),
        new WireGuardPeer("wg0", PUB)).install(Secret.copyOf(raw));

    FakeWg.Call call = wg.calls().get(0);
    assertEquals(List.of("set", "wg0", "peer", PUB, "preshared-key", "/dev/stdin"), call.args());
    assertEquals(b64 + "\n", call.stdin());
    assertFalse(call.environment().contains(b64), "the PSK is not in the environment");
  }

  @Test
  void install_whenWgFails_throwsWithItsExitAndMessage_butNoKey() throws Exception {
    FakeWg wg = new FakeWg(dir);
    wg.failing(true);
    byte[] raw = new byte[32];
    String b64 = Base64.getEncoder().encodeToString(raw);

    SinkException e = assertThrows(SinkException.class, () -> new WireGuardPsk(
        new CommandRunner(1024), wg.program.toString(), new WireGuardPeer("wg0", PUB))
        .install(Secret.copyOf(raw)));

    assertEquals("wg set wg0 peer " + PUB + ": exit 1: Unable to modify interface: No such "
        + "device", e.getMessage());
    assertFalse(e.getMessage().contains(b64));
  }

  @Test
  void install_whenWgIsMissing_says_so() {
    SinkException e = assertThrows(SinkException.class, () -> new WireGuardPsk(
        new CommandRunner(1024), dir.resolve("no-wg").toString(), new WireGuardPeer("wg0", PUB))
        .install(Secret.copyOf(new byte[32])));

    assertEquals(true, e.getMessage().startsWith("wg set wg0 peer " + PUB + ": cannot run "
        + dir.resolve("no-wg")), e.getMessage());
  }
}
