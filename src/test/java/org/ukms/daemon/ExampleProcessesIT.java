package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.testing.ExampleConfigs;
import org.ukms.testing.UkmsProcess;

/**
 * The acceptance run: alice, bob and carol as three {@code ukms run} processes reach equal PSK
 * files, and each stops on SIGTERM with exit code 0 within five seconds.
 */
class ExampleProcessesIT {
  @TempDir Path dir;
  private final List<UkmsProcess> nodes = new ArrayList<>();

  @AfterEach
  void kill() {
    nodes.forEach(UkmsProcess::close);
  }

  @Test
  void threeProcesses_reachEqualPsks_andStopCleanlyOnSigterm() throws Exception {
    Map<String, Path> files = ExampleConfigs.copyTo(dir);
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    for (String node : ExampleConfigs.NODES) {
      nodes.add(UkmsProcess.start(node, dir, events, "run", "--config",
          files.get(node).toString()));
    }

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!pairsEqual()) {
      String event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      assertNotNull(event, "no equal PSKs within 60 s; logs: " + logs());
    }

    for (UkmsProcess node : nodes) {
      assertEquals(0, node.terminate(15), node.name + " exit code; logs: " + node.lines);
      assertTrue(node.lines.stream().anyMatch(l -> l.endsWith("daemon: stopped")), node.lines.toString());
    }
  }

  private boolean pairsEqual() throws Exception {
    return same("alice", "bob") && same("carol", "bob");
  }

  private boolean same(String a, String b) throws Exception {
    Path ab = ExampleConfigs.psk(dir, a, b);
    Path ba = ExampleConfigs.psk(dir, b, a);
    return Files.exists(ab) && Files.exists(ba)
        && Files.readString(ab).equals(Files.readString(ba));
  }

  private String logs() {
    StringBuilder out = new StringBuilder();
    nodes.forEach(n -> out.append('\n').append(n.name).append(": ").append(n.lines));
    return out.toString();
  }
}
