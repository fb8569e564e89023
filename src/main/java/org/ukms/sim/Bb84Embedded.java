package org.ukms.sim;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.ukms.bb84.Bb84Settings;
import org.ukms.bb84.ChannelModel;
import org.ukms.config.Bb84LinkConfig;
import org.ukms.config.FakeQkdConfig;
import org.ukms.crypto.Secret;
import org.ukms.qlink.Bb84Links;
import org.ukms.qlink.LinkOptions;

/** The embedded fake QKD API on BB84 links ({@code fake_qkd_link = "bb84"}). */
final class Bb84Embedded {
  /** How long the sending end waits after an aborted block before the next one. */
  static final Duration ABORT_PAUSE = Duration.ofSeconds(1);

  private Bb84Embedded() {}

  static SimulatedKme start(FakeQkdConfig c, SimSettings settings, Secret secret,
      InstantSource clock) throws IOException {
    Bb84LinkConfig l = c.bb84();
    List<InetSocketAddress> dial = new ArrayList<>();
    for (String a : l.connect()) {
      dial.add(address("fake_qkd_link_connect", a));
    }
    LinkOptions options = new LinkOptions(c.kmeId(), c.saeId(),
        l.listen() == null ? null : address("fake_qkd_link_listen", l.listen()), dial,
        new ChannelModel(ChannelModel.lossOfDb(l.channelLossDb()), l.detectorEfficiency(),
            l.channelError(), l.eavesdropper()),
        Bb84Settings.defaults(), settings.keySizeBits() / 8, settings.maxKeyCount(),
        ABORT_PAUSE);
    Bb84Links links;
    try {
      links = Bb84Links.start(options, secret, SecureRandom::new);
    } catch (IOException e) {
      throw new IOException("fake_qkd_link_listen: cannot listen on " + l.listen() + ": "
          + e.getMessage(), e);
    }
    return SimulatedKme.onBb84Links(settings, secret, clock, c.peerSaeIds(), links);
  }

  private static InetSocketAddress address(String key, String hostPort) throws IOException {
    int colon = hostPort.lastIndexOf(':');
    String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
    try {
      return new InetSocketAddress(InetAddress.getByName(host),
          Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (IOException e) {
      throw new IOException(key + ": cannot resolve " + host + ": " + e.getMessage(), e);
    }
  }
}
