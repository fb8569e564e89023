package org.ukms.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports for servers whose configurations name each other's ports before any of them
 * binds (the demo's nodes, tests' configs). Each was free a moment ago, comes from below the
 * kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}, 32768-60999 by default), so no
 * outgoing connection can take it between the check and the bind, and is handed out once per
 * instance. A port asked for with bind-to-0 comes from that range and could be taken by a client
 * socket before its server binds it.
 */
public final class LoopbackPorts {
  static final int LOW = 20_000;
  private static final int HIGH = 32_000;
  private static final Path EPHEMERAL = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private final int high;
  private final AtomicInteger next;

  /** Ports from {@code start} (reduced into the range) upwards, wrapping around. */
  public LoopbackPorts(long start) {
    this(start, ephemeralLow());
  }

  LoopbackPorts(long start, int ephemeralLow) {
    high = Math.max(LOW + 1_000, Math.min(HIGH, ephemeralLow));
    next = new AtomicInteger(Math.floorMod(start, high - LOW));
  }

  /** The first port below which this hands out ports. */
  int high() {
    return high;
  }

  /** The next port of the range that is free on loopback now. */
  public int next() throws IOException {
    for (int tries = 0; tries < high - LOW; tries++) {
      int port = LOW + Math.floorMod(next.getAndIncrement(), high - LOW);
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        return port;
      } catch (IOException e) {
        // taken: try the next one
      }
    }
    throw new IOException("no free loopback port in " + LOW + ".." + (high - 1));
  }

  /** The low end of the kernel's ephemeral port range (32768 when it cannot be read). */
  static int ephemeralLow() {
    try {
      // One line, "32768	60999"; read as lines, for Files.readString stops short on procfs.
      return Integer.parseInt(Files.readAllLines(EPHEMERAL).get(0).trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
