package org.ukms.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {
  @Test
  void next_handsOutEachPortOnce_belowTheEphemeralRange() throws Exception {
    LoopbackPorts ports = new LoopbackPorts(-5);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      int port = ports.next();
      assertTrue(port >= LoopbackPorts.LOW && port < LoopbackPorts.ephemeralLow(), "port " + port);
      assertTrue(seen.add(port), "port " + port + " handed out twice");
    }
  }

  @Test
  void ephemeralLow_isWhatTheKernelSays() throws Exception {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    assumeTrue(Files.isReadable(range), "no " + range + " here");
    String first = new String(new ProcessBuilder("cat", range.toString()).start()
        .getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+")[0];
    assertEquals(Integer.parseInt(first), LoopbackPorts.ephemeralLow(), "as cat(1) reads it");
  }

  @Test
  void theRangeEndsBelowTheKernelsEphemeralPorts_evenWhenTheyStartLow() {
    assertEquals(32_000, new LoopbackPorts(0, 32_768).high());
    assertEquals(28_000, new LoopbackPorts(0, 28_000).high());
    assertEquals(21_000, new LoopbackPorts(0, 1_024).high(), "a range of 1,000 at least");
  }

  @Test
  void next_skipsAPortThatIsTaken() throws Exception {
    int start = new LoopbackPorts(System.nanoTime()).next();
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), start));
      int port = new LoopbackPorts(start - LoopbackPorts.LOW).next();
      assertNotEquals(start, port, "the taken port is skipped");
      assertTrue(port >= LoopbackPorts.LOW && port < LoopbackPorts.ephemeralLow(), "port " + port);
    }
  }
}
