package org.ukms.netsim;

import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/** One simulated process: its links to the peers, whether it runs, and its clock's offset. */
final class Node {
  private final NetSim sim;
  final String name;
  final Map<String, Link> links = new LinkedHashMap<>();
  boolean up = true;
  int incarnation;
  Duration offset = Duration.ZERO;
  final InstantSource clock;

  Node(NetSim sim, String name) {
    this.sim = sim;
    this.name = name;
    this.clock = () -> sim.now().plus(offset);
  }

  void crash() {
    if (!up) {
      return;
    }
    up = false;
    incarnation++;
    sim.log(name + " CRASH");
    for (Link l : links.values()) {
      l.call = 0;
    }
  }

  /** Restarts from disk: {@code rollback} loads the save before the last, {@code lose} none. */
  void restart(boolean rollback, boolean lose) {
    if (up) {
      return;
    }
    up = true;
    sim.log(name + " RESTART" + (rollback ? " (rolled back)" : "") + (lose ? " (state lost)" : ""));
    for (Link l : links.values()) {
      if (lose) {
        l.saved = null;
        l.older = null;
      } else if (rollback) {
        l.saved = l.older;
      }
      l.boot(Duration.ZERO);
    }
  }

  void step(Duration by) {
    offset = offset.plus(by);
    sim.log(name + " clock step " + by.toMillis() + " ms (offset " + offset.toMillis() + ")");
  }
}
