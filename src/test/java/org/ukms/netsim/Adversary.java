package org.ukms.netsim;

import java.time.Duration;
import java.util.List;

/** What the network does with one message. */
interface Adversary {
  /** Delivery delays for {@code m}: empty drops it, two entries duplicate it. */
  List<Duration> route(NetSim sim, Message m);

  /** Called once per simulated step, to inject replays, crashes and the like. */
  default void tick(NetSim sim) {}
}
