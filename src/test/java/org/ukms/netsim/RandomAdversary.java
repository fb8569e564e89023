package org.ukms.netsim;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * A hostile network drawn from the seed: each schedule switches on a random subset of faults
 * (loss, delay, duplication, holding a message up to the auth window, replays of any earlier
 * request, partitions, crashes with restarts from current, rolled-back or lost state, clock steps
 * within and beyond the auth window) at random rates.
 */
final class RandomAdversary implements Adversary {
  private final Random r;
  private final double drop;
  private final double duplicate;
  private final int maxDelayMs;
  private final double hold;
  private final double replay;
  private final double crash;
  private final double rollback;
  private final double lose;
  private final double clockStep;
  private final double partition;
  private Instant partitionedUntil = Instant.MIN;

  RandomAdversary(Random r) {
    this.r = r;
    drop = on() ? r.nextDouble() * 0.4 : 0;
    duplicate = on() ? r.nextDouble() * 0.2 : 0;
    maxDelayMs = on() ? 1 + r.nextInt(3 * (int) NetSim.PEER_TIMEOUT.toMillis()) : 5;
    hold = on() ? r.nextDouble() * 0.1 : 0;
    replay = on() ? r.nextDouble() * 0.05 : 0;
    crash = on() ? r.nextDouble() * 0.01 : 0;
    rollback = r.nextDouble() * 0.5;
    lose = r.nextDouble() * 0.2;
    clockStep = on() ? r.nextDouble() * 0.005 : 0;
    partition = on() ? r.nextDouble() * 0.005 : 0;
  }

  /** Configures the simulator's own fault rates (KME, disk, crash while saving) from the seed. */
  void configure(NetSim sim) {
    sim.kmeFail = on() ? r.nextDouble() * 0.3 : 0;
    sim.kmeLie = on() ? r.nextDouble() * 0.1 : 0;
    sim.diskFail = on() ? r.nextDouble() * 0.2 : 0;
    sim.crashAtSave = on() ? r.nextDouble() * 0.1 : 0;
  }

  private boolean on() {
    return r.nextInt(3) == 0;
  }

  @Override
  public List<Duration> route(NetSim sim, Message m) {
    if (sim.now().isBefore(partitionedUntil) || r.nextDouble() < drop) {
      return List.of();
    }
    Duration d = Duration.ofMillis(r.nextInt(maxDelayMs + 1));
    if (r.nextDouble() < hold) {
      d = Duration.ofMillis(r.nextInt((int) NetSim.WINDOW.toMillis()));
    }
    if (r.nextDouble() < duplicate) {
      return List.of(d, Duration.ofMillis(r.nextInt(maxDelayMs + 1)));
    }
    return List.of(d);
  }

  @Override
  public void tick(NetSim sim) {
    if (!sim.history.isEmpty() && r.nextDouble() < replay) {
      Message old = sim.history.get(r.nextInt(sim.history.size()));
      sim.log("REPLAY of #" + old.id());
      sim.deliver(old, Duration.ofMillis(r.nextInt(50)));
    }
    if (r.nextDouble() < crash) {
      List<Node> all = new java.util.ArrayList<>();
      sim.nodes().forEach(all::add);
      Node n = all.get(r.nextInt(all.size()));
      n.crash();
      boolean rb = r.nextDouble() < rollback;
      boolean lost = !rb && r.nextDouble() < lose;
      sim.at(sim.now().plus(Duration.ofMillis(r.nextInt(20_000))), () -> {
        if (sim.hostile()) {
          n.restart(rb, lost);
        }
      });
    }
    if (r.nextDouble() < clockStep) {
      List<Node> all = new java.util.ArrayList<>();
      sim.nodes().forEach(all::add);
      long span = 2 * NetSim.WINDOW.toMillis();
      all.get(r.nextInt(all.size())).step(Duration.ofMillis(r.nextLong(2 * span + 1) - span));
    }
    if (r.nextDouble() < partition) {
      partitionedUntil = sim.now().plus(Duration.ofMillis(r.nextInt(40_000)));
      sim.log("PARTITION until +" + Duration.between(sim.now(), partitionedUntil).toMillis()
          + " ms");
    }
  }
}
