package org.ukms.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.ukms.net.LoopbackPorts;

/**
 * Loopback ports that were free a moment ago, for configs that name each other's ports: the
 * product's {@link LoopbackPorts} (below the ephemeral range, each handed out once per JVM),
 * starting where this JVM's pid says, so that concurrent test JVMs rarely meet.
 */
public final class FreePorts {
  private static final LoopbackPorts PORTS =
      new LoopbackPorts(ProcessHandle.current().pid() * 7919L);

  private FreePorts() {}

  public static int next() {
    try {
      return PORTS.next();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
