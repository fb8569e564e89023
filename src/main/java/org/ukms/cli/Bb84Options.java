package org.ukms.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ukms.bb84.ChannelModel;
import org.ukms.config.Bb84LinkConfig;
import org.ukms.crypto.Secret;
import org.ukms.sim.Bb84Embedded;
import org.ukms.sim.SimSettings;
import org.ukms.sim.SimulatedKme;
import picocli.CommandLine.Option;

/** The {@code ukms kme} options of a simulated BB84 link between two ends (docs/bb84.md). */
final class Bb84Options {
  @Option(names = "--link", paramLabel = "LINK", defaultValue = "prf",
      description = "How the two ends agree on keys: prf, each key a PRF of the link secret, "
          + "or bb84, a simulated BB84 link between the ends over TCP (needs --link-listen or "
          + "--link-connect) (default: ${DEFAULT-VALUE}).")
  String link;

  @Option(names = "--link-listen", paramLabel = "HOST:PORT",
      description = "With --link bb84: accept the other end here (this end measures).")
  String listen;

  @Option(names = "--link-connect", paramLabel = "HOST:PORT",
      description = "With --link bb84: dial the other end here, reconnecting with backoff (this "
          + "end sends the photons through the simulated channel).")
  String connect;

  @Option(names = "--eavesdropper",
      description = "With --link-connect: an intercept-resend attacker on every photon.")
  boolean eavesdropper;

  @Option(names = "--channel-error", paramLabel = "R",
      description = "With --link-connect: intrinsic error rate of the optics, 0..0.5 "
          + "(default: 0.02).")
  Double error;

  @Option(names = "--channel-loss-db", paramLabel = "DB",
      description = "With --link-connect: fibre loss in dB (default: 3).")
  Double lossDb;

  @Option(names = "--detector-efficiency", paramLabel = "E",
      description = "With --link-connect: detector efficiency, (0, 1] (default: 0.6).")
  Double efficiency;

  boolean bb84() {
    return "bb84".equals(link);
  }

  /** The usage error in these options, or null. */
  String check(SimSettings.Mode mode) {
    if (!link.equals("prf") && !link.equals("bb84")) {
      return "--link: expected prf or bb84, found " + link;
    }
    boolean channel = eavesdropper || error != null || lossDb != null || efficiency != null;
    if (!bb84()) {
      return listen != null || connect != null || channel
          ? "--link-listen, --link-connect and the channel options need --link bb84" : null;
    }
    if (mode != SimSettings.Mode.LINK) {
      return "--link bb84 needs --link-secret-file (it authenticates the link and names keys)";
    }
    if ((listen == null) == (connect == null)) {
      return "--link bb84 needs exactly one of --link-listen HOST:PORT and --link-connect "
          + "HOST:PORT";
    }
    if (channel && connect == null) {
      return "--eavesdropper and the --channel-*/--detector-* options go with --link-connect "
          + "(the end that sends the photons)";
    }
    String flag = listen != null ? "--link-listen" : "--link-connect";
    try {
      KmeCommand.address(listen != null ? listen : connect, listen != null ? 0 : 1);
    } catch (IllegalArgumentException | UnknownHostException e) {
      return flag + ": " + e.getMessage();
    }
    try {
      channel();
    } catch (IllegalArgumentException e) {
      return "--channel-error, --channel-loss-db, --detector-efficiency: " + e.getMessage();
    }
    return null;
  }

  ChannelModel channel() {
    return Bb84Embedded.channel(lossDb == null ? Bb84LinkConfig.DEFAULT_LOSS_DB : lossDb,
        efficiency == null ? Bb84LinkConfig.DEFAULT_EFFICIENCY : efficiency,
        error == null ? Bb84LinkConfig.DEFAULT_ERROR : error, eavesdropper);
  }

  /** The start-up line's account of the link: empty without one. */
  String describe(SimulatedKme store) {
    return store.bb84Links().map(l -> listen != null
        ? "; BB84 link: listening on port " + l.port() + " (this end measures)"
        : "; BB84 link: dialing " + connect + " (this end sends; " + channel().describe() + ")").orElse("");
  }

  /** Starts the link and the KME on it; the KME closes the link. */
  SimulatedKme start(SimSettings settings, Secret secret, String saeId,
      Collection<String> peerSaes) throws IOException {
    InetSocketAddress at;
    try {
      at = KmeCommand.address(listen != null ? listen : connect, listen != null ? 0 : 1);
    } catch (UnknownHostException e) {
      throw new IOException((listen != null ? "--link-listen: " : "--link-connect: ")
          + e.getMessage(), e);
    }
    List<InetSocketAddress> dial = new ArrayList<>();
    if (connect != null) {
      dial.add(at);
    }
    return Bb84Embedded.start(settings, secret, InstantSource.system(), peerSaes, saeId,
        listen != null ? at : null, dial, channel());
  }
}
