package org.ukms.net;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {
  @Test
  void next_handsOutEachPortOnce_belowTheEphemeralRange() {
    LoopbackPorts ports = new LoopbackPorts(-5);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      int port = ports.next();
      assertTrue(port >= LoopbackPorts.LOW && port < LoopbackPorts.HIGH && port < 32_768,
          "port " + port);
      assertTrue(seen.add(port), "port " + port + " handed out twice");
    }
  }

  @Test
  void next_skipsAPortThatIsTaken() throws Exception {
    int start = new LoopbackPorts(System.nanoTime()).next();
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), start));
      int port = new LoopbackPorts(start - LoopbackPorts.LOW).next();
      assertNotEquals(start, port, "the taken port is skipped");
      assertTrue(port >= LoopbackPorts.LOW && port < LoopbackPorts.HIGH, "port " + port);
    }
  }
}
