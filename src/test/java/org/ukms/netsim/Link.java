package org.ukms.netsim;

import static org.ukms.netsim.NetSim.LIFETIME;
import static org.ukms.netsim.NetSim.PEER_TIMEOUT;
import static org.ukms.netsim.NetSim.PERIOD;
import static org.ukms.netsim.NetSim.WINDOW;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import org.ukms.core.Backoff;
import org.ukms.core.Blob;
import org.ukms.core.KeyId;
import org.ukms.core.V2Chain;
import org.ukms.core.V2Decision;
import org.ukms.core.V2Event;
import org.ukms.core.V2Exchange;
import org.ukms.core.V2Message;
import org.ukms.crypto.Secret;
import org.ukms.peer.V2Auth;
import org.ukms.peer.V2Codec;

/**
 * One node's session with one peer, driven as the daemon drives it: the product's core
 * ({@link V2Exchange}) with its timers, saves, KME calls and wire messages carried out on the
 * {@link NetSim}'s clock, network and random source, and the invariants checked after every core
 * call.
 */
final class Link {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  private final NetSim sim;
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

  Link(NetSim sim, Node node, String peer) {
    this.sim = sim;
    this.node = node;
    this.peer = peer;
  }

  Blob chainId() {
    return core.chainId();
  }

  void boot(Duration firstDelay) {
    Secret ck0 = sim.keys.initialChainKey(node.name, peer);
    V2Chain chain = saved == null ? V2Chain.initial(ck0) : new V2Chain(ck0, saved.epoch(),
        Secret.copyOf(saved.ck()), saved.prevEpoch(),
        saved.prev() == null ? null : Secret.copyOf(saved.prev()));
    SecureRandom rng = seeded(sim.random.nextLong());
    core = new V2Exchange(new V2Exchange.Settings(node.name, peer, sim.mode, PERIOD, PEER_TIMEOUT,
        LIFETIME, false), node.clock, new Backoff(sim.random, PERIOD), rng, chain,
        saved == null ? null : Secret.copyOf(saved.psk()), saved == null ? null : saved.at(),
        firstDelay);
    auth = new V2Auth(sim.keys, node.name, peer, WINDOW, node.clock, rng);
    boolean fresh = saved != null && Duration.between(saved.at(), node.clock.instant())
        .compareTo(LIFETIME) < 0;
    installed = fresh ? HEX.formatHex(saved.psk()) : "random-" + sim.random.nextLong();
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
      sim.at(wall(roundAt), () -> {
        if (rg == roundGen && inc == node.incarnation && node.up) {
          roundAt = null;
          sim.log(node.name + "→" + peer + " round");
          initiate(call(core::startRound));
        }
      });
    }
    if (!core.expiryDue().equals(expiryAt)) {
      expiryAt = core.expiryDue();
      long eg = ++expiryGen;
      sim.at(wall(expiryAt), () -> {
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
      sim.installs++;
      sim.log(node.name + "→" + peer + " INSTALLED epoch " + in.epoch() + " as " + in.role()
          + " psk " + installed.substring(0, 8));
      d = in.reply() == null ? V2Decision.NONE : new V2Decision.Reply(in.reply());
    } else if (d instanceof V2Decision.FailClosed fc) {
      installed = "random-" + sim.random.nextLong();
      sim.log(node.name + "→" + peer + " FAIL CLOSED");
      d = V2Decision.NONE;
    }
    boolean reset = false;
    for (V2Event e : core.drainEvents()) {
      sim.log(node.name + "→" + peer + " " + e);
      switch (e.kind()) {
        case PROVED_RESPONDER:
          sim.provedR.add(e.transcript());
          break;
        case PROVED_INITIATOR:
          sim.provedI.add(e.transcript());
          break;
        case INSTALLED:
          if (!sim.provedR.contains(e.transcript()) || !sim.provedI.contains(e.transcript())) {
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
    if (sim.hostile() && sim.random.nextDouble() < sim.diskFail) {
      p.state().destroy();
      sim.log(node.name + "→" + peer + " disk full");
      return core.persistFailed(p.token(), "No space left on device");
    }
    older = saved;
    saved = Saved.of(p.state());
    p.state().destroy();
    if (sim.hostile() && sim.random.nextDouble() < sim.crashAtSave) {
      node.crash();
      return V2Decision.NONE;
    }
    return core.persisted(p.token());
  }

  /** Carries out an initiator decision. */
  void initiate(V2Decision d) {
    int inc = node.incarnation;
    if (d instanceof V2Decision.FetchKey f) {
      sim.at(sim.now().plus(Duration.ofMillis(sim.random.nextInt(20))), () -> {
        if (inc != node.incarnation) {
          return;
        }
        if (sim.hostile() && sim.random.nextDouble() < sim.kmeFail) {
          initiate(call(() -> core.keyFailed(f.token(), "KME unavailable", true)));
          return;
        }
        byte[] k = new byte[32];
        sim.random.nextBytes(k);
        KeyId id = new KeyId(new java.util.UUID(sim.random.nextLong(), sim.random.nextLong())
            .toString());
        sim.kmeStore.put(id.value(), k.clone());
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
    long callId = sim.nextId();
    call = callId;
    callToken = token;
    Message m = new Message(callId, true, node.name, peer, path, body, signed.header(),
        signed.nonce(), 0, callId, sim.now());
    int inc = node.incarnation;
    sim.at(sim.now().plus(PEER_TIMEOUT), () -> {
      if (inc == node.incarnation && call == callId) {
        call = 0;
        sim.log(node.name + "→" + peer + " " + step + " timed out");
        initiate(call(() -> core.answered(token, new V2Message.Failed(true, "timeout"))));
      }
    });
    sim.transmit(m);
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
      sim.log(node.name + " refused #" + m.id() + ": " + refusal.get());
      respond(m, 401, new byte[0]);
      return;
    }
    JsonNode body = json(m.body());
    if (m.path().endsWith("/offer")) {
      V2Message.Offer offer = V2Codec.decodeOffer(body);
      V2Decision d = call(() -> core.offerReceived(offer));
      if (d instanceof V2Decision.FetchPeerKey f) {
        int inc = node.incarnation;
        sim.at(sim.now().plus(Duration.ofMillis(sim.random.nextInt(20))), () -> {
          if (inc != node.incarnation) {
            return;
          }
          byte[] k = sim.kmeStore.remove(f.keyId().value());
          boolean fail = k == null || sim.hostile() && sim.random.nextDouble() < sim.kmeFail;
          if (fail) {
            reply(m, call(() -> core.peerKeyFailed(f.token(), "no such key")));
            return;
          }
          if (sim.hostile() && sim.random.nextDouble() < sim.kmeLie) {
            k[0] ^= 1;
            sim.log(node.name + " KME lies about " + f.keyId());
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
    sim.transmit(new Message(sim.nextId(), false, node.name, request.from(), request.path(),
        body, header, request.nonce(), status, request.callId(), sim.now()));
  }

  @Override
  public String toString() {
    return node.name + "→" + peer + "[epoch " + core.epoch() + " chain " + chainId()
        + " psk " + (installed == null ? "none" : installed.substring(0, 8)) + "]";
  }

  private static JsonNode json(byte[] body) {
    try {
      return body.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
