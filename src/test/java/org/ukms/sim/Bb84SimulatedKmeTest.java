package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.ukms.bb84.Bb84Settings;
import org.ukms.bb84.ChannelModel;
import org.ukms.crypto.Secret;
import org.ukms.config.EtsiMethod;
import org.ukms.kme.DeliveredKey;
import org.ukms.kme.KmeRejectedException;
import org.ukms.qlink.Bb84Links;
import org.ukms.qlink.KeyStream;
import org.ukms.qlink.LinkOptions;
import org.ukms.testing.Qber;
import org.ukms.testing.SimHarness;

/** Two simulated KMEs on a BB84 link, answering ETSI 014 enc_keys and dec_keys. */
class Bb84SimulatedKmeTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Secret SECRET = Secret.copyOf(new byte[32]);
  private static final Bb84Settings SMALL = new Bb84Settings(1 << 14, 0.10, 0.11, 1e-10);

  private static Supplier<RandomGenerator> seeded(long seed) {
    SplittableRandom root = new SplittableRandom(seed);
    return () -> {
      synchronized (root) {
        return root.split();
      }
    };
  }

  /** KME "kme-a" (SAE a, listening) and "kme-b" (SAE b, dialing through {@code channel}). */
  private static SimulatedKme[] pair(ChannelModel channel, long seed) throws Exception {
    SimSettings a = SimSettings.defaults(SimSettings.Mode.LINK, "kme-a", "kme-b");
    SimSettings b = SimSettings.defaults(SimSettings.Mode.LINK, "kme-b", "kme-a");
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    Bb84Links la = Bb84Links.start(new LinkOptions("kme-a", "a", any, List.of(),
        ChannelModel.ideal(), SMALL, 32, 12, Duration.ofMillis(50)), SECRET, seeded(seed));
    Bb84Links lb = Bb84Links.start(new LinkOptions("kme-b", "b", null,
        List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), la.port())), channel,
        SMALL, 32, 12, Duration.ofMillis(50)), SECRET, seeded(seed + 1));
    return new SimulatedKme[] {
        SimulatedKme.onBb84Links(a, SECRET, InstantSource.system(), List.of("b"), la),
        SimulatedKme.onBb84Links(b, SECRET, InstantSource.system(), List.of("a"), lb)};
  }

  private static KeyStream stream(SimulatedKme kme, String peerSae) throws Exception {
    return kme.bb84Links().orElseThrow().awaitStream(peerSae, WAIT).orElseThrow();
  }

  @Test
  void encKeysAtOneEnd_andDecKeysAtTheOther_giveTheSameKey_andNoKeyIsHandedOutTwice()
      throws Exception {
    SimulatedKme[] kmes = pair(new ChannelModel(0.1, 0.9, 0.02, false), 11);
    try (SimulatedKme a = kmes[0]; SimulatedKme b = kmes[1]) {
      assertTrue(stream(a, "b").await(1, 8, WAIT) && stream(b, "a").await(1, 8, WAIT));

      List<DeliveredKey> fromA = keys(a.encKeys("a", "b", 4, 256));
      List<DeliveredKey> fromB = keys(b.encKeys("b", "a", 4, 256));
      List<DeliveredKey> atB = keys(b.decKeys("b", "a", ids(fromA)));
      List<DeliveredKey> atA = keys(a.decKeys("a", "b", ids(fromB)));

      Set<String> distinct = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        assertTrue(fromA.get(i).key().sameAs(atB.get(i).key()), "key " + i + " of a");
        assertTrue(fromB.get(i).key().sameAs(atA.get(i).key()), "key " + i + " of b");
        distinct.add(java.util.HexFormat.of().formatHex(fromA.get(i).key().reveal()));
        distinct.add(java.util.HexFormat.of().formatHex(fromB.get(i).key().reveal()));
      }
      assertEquals(8, distinct.size(), "the two ends never hand out the same key");
      assertEquals(new SimAnswer.Refused(400, SimAnswer.NOT_FOUND),
          b.decKeys("b", "a", ids(fromA).subList(0, 1)), "dec_keys gives a key once");

      List<DeliveredKey> big = keys(a.encKeys("a", "b", 1, 512)); // two slots of a's share
      assertEquals(64, big.get(0).key().length());
      assertTrue(big.get(0).key().sameAs(keys(b.decKeys("b", "a", ids(big))).get(0).key()));
    }
  }

  @Test
  void anAttackedLink_deliversNoKey_andEncKeysSaysWhy() throws Exception {
    SimulatedKme[] kmes = pair(new ChannelModel(0, 1, 0, true), 21);
    try (SimulatedKme a = kmes[0]; SimulatedKme b = kmes[1]) {
      assertTrue(stream(a, "b").await(2, 0, WAIT) && stream(b, "a").await(2, 0, WAIT));

      for (SimulatedKme[] ends : List.of(new SimulatedKme[] {a, b}, new SimulatedKme[] {b, a})) {
        String me = ends[0] == a ? "a" : "b";
        String peer = ends[0] == a ? "b" : "a";
        SimAnswer answer = ends[0].encKeys(me, peer, 1, 256);
        SimAnswer.Refused refused = assertInstanceOf(SimAnswer.Refused.class, answer);
        assertEquals(503, refused.status());
        assertTrue(refused.message().startsWith("insufficient keys: BB84 link to kme-" + peer
            + " aborted: QBER ") && Qber.ofAnEavesdropper(refused.message()), refused.message());
      }
      assertEquals(0, a.keysDelivered() + b.keysDelivered());
      assertFalse(stream(a, "b").status(1).blocks() > 0);

      // What a daemon's rotation log line carries (KeySourceException's message).
      EtsiFrontEnd front = new EtsiFrontEnd(a, CallerIdentity.fixed("a"),
          java.net.InetAddress::isLoopbackAddress, Faults.NONE,
          new com.fasterxml.jackson.databind.ObjectMapper());
      try (KmeServer server = KmeServer.start(new InetSocketAddress(
          InetAddress.getLoopbackAddress(), 0), front, null, 4)) {
        KmeRejectedException e = org.junit.jupiter.api.Assertions.assertThrows(
            KmeRejectedException.class, () -> SimHarness.client(server.url(), EtsiMethod.POST)
                .encKeys("b", 1, 256));
        assertTrue(e.getMessage().matches(".*answered 503 \"insufficient keys: BB84 link to "
            + "kme-b aborted: QBER 0\\.\\d+ above the threshold 0\\.1100 \\(an eavesdropper or a "
            + "bad channel\\)\"") && Qber.ofAnEavesdropper(e.getMessage()), e.getMessage());
      }
    }
  }

  private static List<DeliveredKey> keys(SimAnswer answer) {
    return assertInstanceOf(SimAnswer.Keys.class, answer, answer.toString()).keys();
  }

  private static List<String> ids(List<DeliveredKey> keys) {
    List<String> out = new ArrayList<>();
    keys.forEach(k -> out.add(k.id().value()));
    return out;
  }
}
