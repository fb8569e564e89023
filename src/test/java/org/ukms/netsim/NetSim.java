package org.ukms.netsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.ukms.core.Backoff;
import org.ukms.core.Blob;
import org.ukms.core.KeyId;
import org.ukms.core.V2Chain;
import org.ukms.core.V2Decision;
import org.ukms.core.V2Event;
import org.ukms.core.V2Exchange;
import org.ukms.core.V2Message;
import org.ukms.core.V2Schedule;
import org.ukms.core.V2State;
import org.ukms.crypto.Secret;
import org.ukms.crypto.V2Keys;
import org.ukms.peer.V2Auth;
import org.ukms.peer.V2Codec;

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
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  /** A broken invariant: the message says which, the trace says how. */
  static final class Violation extends RuntimeException {
    Violation(String message) {
      super(message, null, false, false);
    }
  }

  /** What the network does with one message. */
  interface Adversary {
    /** Delivery delays for {@code m}: empty drops it, two entries duplicate it. */
    List<Duration> route(NetSim sim, Message m);

    /** Called once per simulated step, to inject replays, crashes and the like. */
    default void tick(NetSim sim) {}
  }

  /** A request or an answer on the wire. */
  record Message(long id, boolean request, String from, String to, String path, byte[] body,
      String header, String nonce, int status, long callId, Instant sentAt) {
    String kind() {
      if (request) {
        return path.substring(path.lastIndexOf('/') + 1);
      }
      return "answer(" + status + ")";
    }

    @Override
    public String toString() {
      return "#" + id + " " + from + "→" + to + " " + kind() + " "
          + new String(body, StandardCharsets.UTF_8);
    }
  }

  private record Event(Instant at, long seq, Runnable action) {}

  /** A saved state, as bytes (a file does not share memory with the process). */
  private record Saved(long epoch, byte[] ck, long prevEpoch, byte[] prev, byte[] psk,
      Instant at) {
    static Saved of(V2State s) {
      return new Saved(s.epoch(), s.chainKey().reveal(), s.previousEpoch(),
          s.previousKey() == null ? null : s.previousKey().reveal(), s.psk().reveal(),
          s.confirmedAt());
    }
  }

  final long seed;
  final Random random;
  final boolean tracing;
  private final List<String> trace = new ArrayList<>();
  private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.at.equals(b.at)
      ? Long.compare(a.seq, b.seq) : a.at.compareTo(b.at));
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final V2Keys keys = V2Keys.of(Secret.copyOf(new byte[32]));
  private final Set<Blob> provedR = new HashSet<>();
  private final Set<Blob> provedI = new HashSet<>();
  private final Map<String, byte[]> kmeStore = new LinkedHashMap<>();
  final List<Message> history = new ArrayList<>();
  private final V2Schedule.Mode mode;
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
      nodes.put(name, new Node(name));
    }
    for (Node n : nodes.values()) {
      for (String peer : nodes.keySet()) {
        if (!peer.equals(n.name)) {
          n.links.put(peer, new Link(n, peer));
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

  // ---------------------------------------------------------------- nodes

  final class Node {
    final String name;
    final Map<String, Link> links = new LinkedHashMap<>();
    boolean up = true;
    int incarnation;
    Duration offset = Duration.ZERO;
    final InstantSource clock = () -> now.plus(offset);

    Node(String name) {
      this.name = name;
    }

    void crash() {
      if (!up) {
        return;
      }
      up = false;
      incarnation++;
      log(name + " CRASH");
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
      log(name + " RESTART" + (rollback ? " (rolled back)" : "") + (lose ? " (state lost)" : ""));
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
      log(name + " clock step " + by.toMillis() + " ms (offset " + offset.toMillis() + ")");
    }
  }

  final class Link {
    final Node node;
    final String peer;
    V2Exchange core;
    V2Auth auth;
    Saved saved;
    Saved older;
    String installed;
    long roundGen;
    long expiryGen;
    Instant roundAt;
    Instant expiryAt;
    long call;
    long callToken;

    Link(Node node, String peer) {
      this.node = node;
      this.peer = peer;
    }

    Blob chainId() {
      return core.chainId();
    }

    void boot(Duration firstDelay) {
      Secret ck0 = keys.initialChainKey(node.name, peer);
      V2Chain chain = saved == null ? V2Chain.initial(ck0) : new V2Chain(ck0, saved.epoch,
          Secret.copyOf(saved.ck), saved.prevEpoch,
          saved.prev == null ? null : Secret.copyOf(saved.prev));
      SecureRandom rng = seeded(random.nextLong());
      core = new V2Exchange(new V2Exchange.Settings(node.name, peer, mode, PERIOD, PEER_TIMEOUT,
          LIFETIME, false), node.clock, new Backoff(random, PERIOD), rng, chain,
          saved == null ? null : Secret.copyOf(saved.psk), saved == null ? null : saved.at,
          firstDelay);
      auth = new V2Auth(keys, node.name, peer, WINDOW, node.clock, rng);
      boolean fresh = saved != null && Duration.between(saved.at, node.clock.instant())
          .compareTo(LIFETIME) < 0;
      installed = fresh ? HEX.formatHex(saved.psk) : "random-" + random.nextLong();
      call = 0;
      roundAt = null;
      expiryAt = null;
      timers();
    }

    /**
     * Re-arms a timer only when the core moved its due time, as the daemon's driver does: a
     * timer once armed fires after its delay, whatever the clock does meanwhile.
     */
    void timers() {
      int inc = node.incarnation;
      if (!core.roundDue().equals(roundAt)) {
        roundAt = core.roundDue();
        long rg = ++roundGen;
        at(wall(roundAt), () -> {
          if (rg == roundGen && inc == node.incarnation && node.up) {
            roundAt = null;
            log(node.name + "→" + peer + " round");
            initiate(call(core::startRound));
          }
        });
      }
      if (!core.expiryDue().equals(expiryAt)) {
        expiryAt = core.expiryDue();
        long eg = ++expiryGen;
        at(wall(expiryAt), () -> {
          if (eg == expiryGen && inc == node.incarnation && node.up) {
            expiryAt = null;
            call(core::expire);
          }
        });
      }
    }

    /** A node-clock instant in world time. */
    private Instant wall(Instant nodeTime) {
      return nodeTime.minus(node.offset);
    }

    /** One core call with everything the driver does in the same locked step. */
    V2Decision call(Supplier<V2Decision> f) {
      long epochBefore = core.epoch();
      int inc = node.incarnation;
      V2Decision d = f.get();
      if (d instanceof V2Decision.Persist p) {
        d = persist(p);
        if (inc != node.incarnation) {
          return V2Decision.NONE; // crashed while saving
        }
      }
      if (d instanceof V2Decision.Install in) {
        installed = HEX.formatHex(in.psk().reveal());
        installs++;
        log(node.name + "→" + peer + " INSTALLED epoch " + in.epoch() + " as " + in.role()
            + " psk " + installed.substring(0, 8));
        d = in.reply() == null ? V2Decision.NONE : new V2Decision.Reply(in.reply());
      } else if (d instanceof V2Decision.FailClosed fc) {
        installed = "random-" + random.nextLong();
        log(node.name + "→" + peer + " FAIL CLOSED");
        d = V2Decision.NONE;
      }
      boolean reset = false;
      for (V2Event e : core.drainEvents()) {
        log(node.name + "→" + peer + " " + e);
        switch (e.kind()) {
          case PROVED_RESPONDER:
            provedR.add(e.transcript());
            break;
          case PROVED_INITIATOR:
            provedI.add(e.transcript());
            break;
          case INSTALLED:
            if (!provedR.contains(e.transcript()) || !provedI.contains(e.transcript())) {
              throw new Violation(node.name + " installed " + e.transcript()
                  + " without both proofs");
            }
            break;
          case CHAIN_RESET:
            reset = true;
            break;
          case ABANDONED:
            if (e.detail().contains(V2Exchange.SPLIT_GUARD)) {
              throw new Violation(node.name + "→" + peer + " installed another exchange while "
                  + "its own confirm was out: the pair split");
            }
            break;
          default:
            break;
        }
      }
      if (core.epoch() < epochBefore && !reset) {
        throw new Violation(node.name + "→" + peer + " went from epoch " + epochBefore + " to "
            + core.epoch() + " without a logged reset");
      }
      timers();
      return d;
    }

    private V2Decision persist(V2Decision.Persist p) {
      if (hostile && random.nextDouble() < diskFail) {
        p.state().destroy();
        log(node.name + "→" + peer + " disk full");
        return core.persistFailed(p.token(), "No space left on device");
      }
      older = saved;
      saved = Saved.of(p.state());
      p.state().destroy();
      if (hostile && random.nextDouble() < crashAtSave) {
        node.crash();
        return V2Decision.NONE;
      }
      return core.persisted(p.token());
    }

    /** Carries out an initiator decision. */
    void initiate(V2Decision d) {
      int inc = node.incarnation;
      if (d instanceof V2Decision.FetchKey f) {
        at(now.plus(Duration.ofMillis(random.nextInt(20))), () -> {
          if (inc != node.incarnation) {
            return;
          }
          if (hostile && random.nextDouble() < kmeFail) {
            initiate(call(() -> core.keyFailed(f.token(), "KME unavailable", true)));
            return;
          }
          byte[] k = new byte[32];
          random.nextBytes(k);
          KeyId id = new KeyId(new java.util.UUID(random.nextLong(), random.nextLong())
              .toString());
          kmeStore.put(id.value(), k.clone());
          initiate(call(() -> core.keyFetched(f.token(), org.ukms.core.KeyRef.of(id),
              Secret.copyOf(k))));
        });
      } else if (d instanceof V2Decision.Send s) {
        send(s.token(), s.request());
      }
    }

    private void send(long token, V2Message request) {
      String step = V2Codec.step(request);
      String path = "/api/v2/peer/" + step;
      byte[] body = V2Codec.encodeRequest(request).getBytes(StandardCharsets.UTF_8);
      V2Auth.Signed signed = auth.signRequest("POST", path, body);
      long callId = ++ids;
      call = callId;
      callToken = token;
      Message m = new Message(callId, true, node.name, peer, path, body, signed.header(),
          signed.nonce(), 0, callId, now);
      int inc = node.incarnation;
      at(now.plus(PEER_TIMEOUT), () -> {
        if (inc == node.incarnation && call == callId) {
          call = 0;
          log(node.name + "→" + peer + " " + step + " timed out");
          initiate(call(() -> core.answered(token, new V2Message.Failed(true, "timeout"))));
        }
      });
      transmit(m);
    }

    /** An answer to our call {@code m.callId()} arrived. */
    void answerArrived(Message m, String requestNonce, String step) {
      if (!node.up || call != m.callId()) {
        return;
      }
      long token = callToken;
      call = 0;
      V2Message answer;
      if (m.status() == 401) {
        answer = new V2Message.Failed(false, "401");
      } else if (!auth.verifyResponse(requestNonce, m.status(), m.header(), m.body())) {
        answer = new V2Message.Failed(false, "answer failed authentication");
      } else {
        answer = V2Codec.decodeAnswer(step, m.status(), json(m.body()));
      }
      V2Message a = answer;
      initiate(call(() -> core.answered(token, a)));
    }

    /** A request from the peer arrived; answers through {@code respond}. */
    void requestArrived(Message m) {
      Optional<V2Auth.Refusal> refusal = auth.verifyRequest("POST", m.path(), m.header(),
          m.body());
      if (refusal.isPresent()) {
        log(node.name + " refused #" + m.id() + ": " + refusal.get());
        respond(m, 401, new byte[0]);
        return;
      }
      JsonNode body = json(m.body());
      if (m.path().endsWith("/offer")) {
        V2Message.Offer offer = V2Codec.decodeOffer(body);
        V2Decision d = call(() -> core.offerReceived(offer));
        if (d instanceof V2Decision.FetchPeerKey f) {
          int inc = node.incarnation;
          at(now.plus(Duration.ofMillis(random.nextInt(20))), () -> {
            if (inc != node.incarnation) {
              return;
            }
            byte[] k = kmeStore.remove(f.keyId().value());
            boolean fail = k == null || hostile && random.nextDouble() < kmeFail;
            if (fail) {
              reply(m, call(() -> core.peerKeyFailed(f.token(), "no such key")));
              return;
            }
            if (hostile && random.nextDouble() < kmeLie) {
              k[0] ^= 1;
              log(node.name + " KME lies about " + f.keyId());
            }
            byte[] key = k;
            reply(m, call(() -> core.peerKeyFetched(f.token(), Secret.copyOf(key))));
          });
          return;
        }
        reply(m, d);
      } else {
        V2Message.Confirm confirm = V2Codec.decodeConfirm(body);
        reply(m, call(() -> core.confirmReceived(confirm)));
      }
    }

    private void reply(Message request, V2Decision d) {
      if (!node.up || !(d instanceof V2Decision.Reply r)) {
        return; // crashed while serving: no answer
      }
      V2Codec.Encoded e = V2Codec.encodeAnswer(r.answer());
      respond(request, e.status(), e.json().getBytes(StandardCharsets.UTF_8));
    }

    private void respond(Message request, int status, byte[] body) {
      String header = status == 401 ? null : auth.signResponse(request.nonce(), status, body);
      transmit(new Message(++ids, false, node.name, request.from(), request.path(), body, header,
          request.nonce(), status, request.callId(), now));
    }

    @Override
    public String toString() {
      return node.name + "→" + peer + "[epoch " + core.epoch() + " chain " + chainId()
          + " psk " + (installed == null ? "none" : installed.substring(0, 8)) + "]";
    }
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

  private static JsonNode json(byte[] body) {
    try {
      return body.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
