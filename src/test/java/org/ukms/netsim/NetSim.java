package org.ukms.netsim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import org.ukms.core.Blob;
import org.ukms.core.V2Exchange;
import org.ukms.core.V2Schedule;
import org.ukms.crypto.Secret;
import org.ukms.crypto.V2Keys;

/**
 * A deterministic network simulator for protocol v2: two or three nodes, each running the
 * product's pure core ({@link V2Exchange}) per peer with the product's wire codec and request
 * authentication, on a manual clock, over a network that an {@link Adversary} controls (drop,
 * delay, duplicate, hold, replay, partition), with crashes and restarts (including rolled-back
 * and lost state files), KME failures and lies, disk failures and clock steps. Everything random
 * comes from one seed, so a failing schedule replays exactly.
 *
 * <p>Invariants, checked after every step: nothing is installed without both proofs of its
 * transcript; an epoch never goes backwards except by a logged reset (or a restart from older
 * state); and after {@link #heal} every pair holds the same epoch, chain key and PSK within two
 * periods.
 */
final class NetSim {
  static final Duration PERIOD = Duration.ofSeconds(10);
  static final Duration PEER_TIMEOUT = Duration.ofSeconds(1);
  static final Duration WINDOW = Duration.ofSeconds(60);
  static final Duration LIFETIME = PERIOD.multipliedBy(3);
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  private record Event(Instant at, long seq, Runnable action) {}

  final long seed;
  final Random random;
  final boolean tracing;
  private final List<String> trace = new ArrayList<>();
  private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.at.equals(b.at)
      ? Long.compare(a.seq, b.seq) : a.at.compareTo(b.at));
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  final V2Keys keys = V2Keys.of(Secret.copyOf(new byte[32]));
  final Set<Blob> provedR = new HashSet<>();
  final Set<Blob> provedI = new HashSet<>();
  final Map<String, byte[]> kmeStore = new LinkedHashMap<>();
  final List<Message> history = new ArrayList<>();
  final V2Schedule.Mode mode;
  private Adversary adversary = (sim, m) -> List.of(Duration.ofMillis(1));
  private Instant now = START;
  private long seq;
  private long ids;
  private boolean hostile = true;
  private Instant healedAt;
  private final Map<String, Instant> agreedAt = new LinkedHashMap<>();
  int installs;

  /** Fault rates of the hostile phase: KME failure, KME lie, disk failure, crash while saving. */
  double kmeFail;
  double kmeLie;
  double diskFail;
  double crashAtSave;

  NetSim(long seed, V2Schedule.Mode mode, boolean tracing, String... names) {
    this.seed = seed;
    this.random = new Random(seed);
    this.mode = mode;
    this.tracing = tracing;
    for (String name : names) {
      nodes.put(name, new Node(this, name));
    }
    for (Node n : nodes.values()) {
      for (String peer : nodes.keySet()) {
        if (!peer.equals(n.name)) {
          n.links.put(peer, new Link(this, n, peer));
        }
      }
    }
    for (Node n : nodes.values()) {
      n.links.values().forEach(l -> l.boot(Duration.ofMillis(random.nextInt(2000))));
    }
  }

  void adversary(Adversary a) {
    this.adversary = a;
  }

  Instant now() {
    return now;
  }

  Node node(String name) {
    return nodes.get(name);
  }

  Iterable<Node> nodes() {
    return nodes.values();
  }

  boolean hostile() {
    return hostile;
  }

  List<String> trace() {
    return trace;
  }

  void log(String line) {
    if (tracing) {
      trace.add(String.format("%9.3f ", Duration.between(START, now).toMillis() / 1000.0) + line);
    }
  }

  /** The next wire message's id. */
  long nextId() {
    return ++ids;
  }

  void at(Instant when, Runnable action) {
    queue.add(new Event(when.isBefore(now) ? now : when, seq++, action));
  }

  /** Runs every event up to {@code until}, checking the invariants after each. */
  void runUntil(Instant until) {
    while (!queue.isEmpty() && !queue.peek().at.isAfter(until)) {
      Event e = queue.poll();
      now = e.at;
      e.action.run();
      if (hostile) {
        adversary.tick(this);
      }
      checkAgreement();
    }
    now = until;
  }

  /**
   * The network turns honest: faults stop, clocks are corrected, crashed nodes restart. From now
   * on every pair must agree within two periods.
   */
  void heal() {
    hostile = false;
    healedAt = now;
    kmeFail = kmeLie = diskFail = crashAtSave = 0;
    adversary = (sim, m) -> List.of(Duration.ofMillis(1 + random.nextInt(5)));
    log("=== heal");
    for (Node n : nodes.values()) {
      n.offset = Duration.ZERO;
      if (!n.up) {
        n.restart(false, false);
      }
    }
    agreedAt.clear();
  }

  /** After {@link #heal}: every pair agreed within two periods, and agrees at the end. */
  void checkConverged() {
    runUntil(healedAt.plus(PERIOD.multipliedBy(2)));
    for (Node a : nodes.values()) {
      for (Node b : nodes.values()) {
        if (a.name.compareTo(b.name) < 0 && !agreedAt.containsKey(a.name + "/" + b.name)) {
          throw new Violation(a.name + " and " + b.name + " did not converge within two periods "
              + "of the heal: " + a.links.get(b.name) + " vs " + b.links.get(a.name));
        }
      }
    }
    // At a quiet moment (no exchange running), they still agree.
    Instant limit = now.plus(PERIOD);
    while (!quiet() && now.isBefore(limit)) {
      runUntil(now.plus(Duration.ofMillis(50)));
    }
    for (Node a : nodes.values()) {
      for (Node b : nodes.values()) {
        if (a.name.compareTo(b.name) < 0 && !agree(a.links.get(b.name), b.links.get(a.name))) {
          throw new Violation(a.name + " and " + b.name + " disagree at the end: "
              + a.links.get(b.name) + " vs " + b.links.get(a.name));
        }
      }
    }
  }

  private boolean quiet() {
    for (Node n : nodes.values()) {
      for (Link l : n.links.values()) {
        if (l.core.initiating() || l.call != 0) {
          return false;
        }
      }
    }
    return true;
  }

  private void checkAgreement() {
    if (healedAt == null) {
      return;
    }
    for (Node a : nodes.values()) {
      for (Node b : nodes.values()) {
        String pair = a.name + "/" + b.name;
        if (a.name.compareTo(b.name) < 0 && !agreedAt.containsKey(pair)
            && agree(a.links.get(b.name), b.links.get(a.name))) {
          agreedAt.put(pair, now);
        }
      }
    }
  }

  private static boolean agree(Link x, Link y) {
    return x.node.up && y.node.up && x.core.epoch() == y.core.epoch()
        && x.chainId().equals(y.chainId()) && x.installed != null
        && x.installed.equals(y.installed);
  }

  // ---------------------------------------------------------------- network

  void transmit(Message m) {
    if (m.request()) {
      history.add(m);
    }
    List<Duration> delays = adversary.route(this, m);
    if (delays.isEmpty()) {
      log("drop " + m);
    }
    for (Duration d : delays) {
      deliver(m, d);
    }
  }

  /** Delivers {@code m} after {@code delay} (also used for replays). */
  void deliver(Message m, Duration delay) {
    log("send " + m + (delay.toMillis() > 100 ? " (delay " + delay.toMillis() + " ms)" : ""));
    at(now.plus(delay), () -> {
      Node to = nodes.get(m.to());
      if (!to.up) {
        return;
      }
      Link link = to.links.get(m.from());
      log("recv " + m);
      if (m.request()) {
        link.requestArrived(m);
      } else {
        link.answerArrived(m, m.nonce(), m.path().substring(m.path().lastIndexOf('/') + 1));
      }
    });
  }
}
