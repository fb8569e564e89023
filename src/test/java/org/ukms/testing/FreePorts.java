package org.ukms.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports that were free a moment ago, for configs that name each other's ports. They come
 * from below Linux's ephemeral range (32768-60999), so the kernel never hands one to an outgoing
 * connection between the check and the bind, and each is handed out once per JVM (a port asked
 * for with bind-to-0 could be reused by a client socket of a concurrent test and then be taken).
 */
public final class FreePorts {
  static final int LOW = 20_000;
  static final int HIGH = 32_000;
  /** Where this JVM starts in the range, so that concurrent test JVMs rarely meet. */
  private static final AtomicInteger NEXT =
      new AtomicInteger(Math.floorMod(ProcessHandle.current().pid() * 7919L, HIGH - LOW));

  private FreePorts() {}

  public static int next() {
    for (int tries = 0; tries < HIGH - LOW; tries++) {
      int port = LOW + Math.floorMod(NEXT.getAndIncrement(), HIGH - LOW);
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
