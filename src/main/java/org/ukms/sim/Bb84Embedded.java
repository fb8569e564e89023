package org.ukms.sim;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ukms.bb84.Bb84Settings;
import org.ukms.bb84.ChannelModel;
import org.ukms.config.Bb84LinkConfig;
import org.ukms.config.FakeQkdConfig;
import org.ukms.config.HostPort;
import org.ukms.crypto.Secret;
import org.ukms.qlink.Bb84Links;
import org.ukms.qlink.LinkOptions;

/**
 * A simulated KME on BB84 links: the embedded fake QKD API's ({@code fake_qkd_link = "bb84"})
 * and {@code ukms kme --link bb84}'s.
 */
public final class Bb84Embedded {
  /** How long the sending end waits after an aborted block before the next one. */
  static final Duration ABORT_PAUSE = Duration.ofSeconds(1);

  private Bb84Embedded() {}

  static SimulatedKme start(FakeQkdConfig c, SimSettings settings, Secret secret,
      InstantSource clock) throws FakeQkdStartException {
    Bb84LinkConfig l = c.bb84();
    List<InetSocketAddress> dial = new ArrayList<>();
    for (String a : l.connect()) {
      dial.add(address("fake_qkd_link_connect", a));
    }
    InetSocketAddress listen =
        l.listen() == null ? null : address("fake_qkd_link_listen", l.listen());
    try {
      return start(settings, secret, clock, c.peerSaeIds(), c.saeId(), listen, dial,
          channel(l.channelLossDb(), l.detectorEfficiency(), l.channelError(), l.eavesdropper()));
    } catch (IOException e) {
      throw new FakeQkdStartException("fake_qkd_link_listen", "cannot listen on " + l.listen()
          + ": " + e.getMessage(), e);
    }
  }

  /**
   * Starts the links (listening on {@code listen}, or null; dialing {@code dial}) and the KME on
   * them; the KME closes the links.
   */
  public static SimulatedKme start(SimSettings settings, Secret secret, InstantSource clock,
      Collection<String> peerSaes, String saeId, InetSocketAddress listen,
      List<InetSocketAddress> dial, ChannelModel channel) throws IOException {
    LinkOptions options = new LinkOptions(settings.kmeId(), saeId == null ? "" : saeId, listen,
        dial, channel, Bb84Settings.defaults(), settings.keySizeBits() / 8,
        settings.maxKeyCount(), ABORT_PAUSE);
    Bb84Links links = Bb84Links.start(options, secret, SecureRandom::new);
    return SimulatedKme.onBb84Links(settings, secret, clock, peerSaes, links);
  }

  /** The simulated fibre: loss in dB, detector efficiency, optical error rate, eavesdropper. */
  public static ChannelModel channel(double lossDb, double efficiency, double error,
      boolean eavesdropper) {
    return new ChannelModel(ChannelModel.lossOfDb(lossDb), efficiency, error, eavesdropper);
  }

  private static InetSocketAddress address(String key, String hostPort)
      throws FakeQkdStartException {
    HostPort at = HostPort.parse(hostPort, 0).orElseThrow(() -> new FakeQkdStartException(key,
        HostPort.expected(0) + ", found " + hostPort, null));
    try {
      return new InetSocketAddress(InetAddress.getByName(at.host()), at.port());
    } catch (IOException e) {
      throw new FakeQkdStartException(key, "cannot resolve " + at.host() + ": " + e.getMessage(),
          e);
    }
  }
}
