package org.ukms.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports for servers whose configurations name each other's ports before any of them
 * binds (the demo's nodes, tests' configs). Each was free a moment ago, comes from below Linux's
 * ephemeral range (32768-60999), so no outgoing connection can take it between the check and the
 * bind, and is handed out once per instance. A port asked for with bind-to-0 comes from that range
 * and could be taken by a client socket before its server binds it.
 */
public final class LoopbackPorts {
  static final int LOW = 20_000;
  static final int HIGH = 32_000;
  private final AtomicInteger next;

  /** Ports from {@code start} (reduced into the range) upwards, wrapping around. */
  public LoopbackPorts(long start) {
    next = new AtomicInteger(Math.floorMod(start, HIGH - LOW));
  }

  /** The next port of the range that is free on loopback now. */
  public int next() {
    for (int tries = 0; tries < HIGH - LOW; tries++) {
      int port = LOW + Math.floorMod(next.getAndIncrement(), HIGH - LOW);
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        return port;
      } catch (IOException e) {
        // taken: try the next one
      }
    }
    throw new IllegalStateException("no free loopback port in " + LOW + ".." + HIGH);
  }
}
