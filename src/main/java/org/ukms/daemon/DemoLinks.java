package org.ukms.daemon;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ukms.config.Bb84LinkConfig;
import org.ukms.config.FakeQkdConfig;
import org.ukms.config.PeerConfig;
import org.ukms.config.UkmsConfig;
import org.ukms.qlink.LinkStatus;

/**
 * {@code ukms demo --link bb84}: each node's fake KME listens for BB84 links on a free loopback
 * port and dials the peers after it in {@link Demo#NODES} (alice dials bob, bob dials carol), so
 * every pair of the topology has its own link; with {@code eavesdropper} an intercept-resend
 * attacker sits on every link.
 */
public record DemoLinks(boolean eavesdropper) {
  /** Blocks every link must have aborted, with none succeeding, before the demo gives up. */
  public static final int ABORTS_TO_GIVE_UP = 3;

  /** One link of the demo as its two ends see it now. */
  public record LinkReport(String a, String b, double qber, long blocks, long aborts,
      long keysDelivered, String state) {}

  /**
   * {@code node}'s fake KME on BB84 links, listening and dialing on {@code ports}, and serving
   * ETSI 004 on the links on its port in {@code etsi004Ports}, if it has one there.
   */
  FakeQkdConfig apply(String node, UkmsConfig config, FakeQkdConfig fake,
      Map<String, Integer> ports, Map<String, Integer> etsi004Ports) {
    List<String> dial = new ArrayList<>();
    for (PeerConfig p : config.peers()) {
      if (Demo.NODES.indexOf(p.id()) > Demo.NODES.indexOf(node)) {
        dial.add("127.0.0.1:" + ports.get(p.id()));
      }
    }
    FakeQkdConfig linked = fake.onBb84Link(new Bb84LinkConfig("127.0.0.1:" + ports.get(node),
        dial, eavesdropper, Bb84LinkConfig.DEFAULT_ERROR, Bb84LinkConfig.DEFAULT_LOSS_DB,
        Bb84LinkConfig.DEFAULT_EFFICIENCY));
    Integer etsi004 = etsi004Ports.get(node);
    return etsi004 == null ? linked : linked.servingEtsi004(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), etsi004));
  }

  /** The link of the pair (a, b): QBER from the dialing end, counts from both. */
  static LinkReport report(String a, String b, Daemon at, Daemon bt) {
    Optional<LinkStatus> sa = status(at, b);
    Optional<LinkStatus> sb = status(bt, a);
    LinkStatus s = sa.or(() -> sb).orElse(null);
    if (s == null) {
      return new LinkReport(a, b, Double.NaN, 0, 0, 0, "not connected yet");
    }
    long delivered = sa.map(LinkStatus::delivered).orElse(0L)
        + sb.map(LinkStatus::delivered).orElse(0L);
    return new LinkReport(a, b, s.qber(), s.blocks(), s.aborts(), delivered, s.state());
  }

  /** Whether every link aborted {@link #ABORTS_TO_GIVE_UP} blocks and none made a key. */
  static boolean allAborted(List<LinkReport> links) {
    return !links.isEmpty() && links.stream()
        .allMatch(l -> l.blocks() == 0 && l.aborts() >= ABORTS_TO_GIVE_UP);
  }

  /** The BB84 links of {@code d}'s embedded fake KME, if it runs on them. */
  static Optional<org.ukms.qlink.Bb84Links> bb84(Daemon d) {
    return d.fakeKme == null ? Optional.empty() : d.fakeKme.store().bb84Links();
  }

  private static Optional<LinkStatus> status(Daemon d, String peerKme) {
    return DemoLinks.bb84(d).flatMap(l -> l.statuses(1).stream()
        .filter(s -> s.peerKmeId().equals(peerKme)).findFirst());
  }
}
