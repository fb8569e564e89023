package org.ukms.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.ukms.config.FakeQkdConfig;
import org.ukms.crypto.Secret;
import org.ukms.qlink.LinkStatus;

/** Builds the embedded fake QKD API of {@code ukms run} from its configuration. */
public final class Simulators {
  private static final System.Logger logger = System.getLogger("org.ukms.sim");

  /** ETSI 004 connections the embedded API serves at once (one request each). */
  static final int EMBEDDED_004_CONNECTIONS = 16;

  private Simulators() {}

  public static EtsiFrontEnd embedded(FakeQkdConfig c, InstantSource clock, Supplier<UUID> uuids,
      RandomGenerator random, ObjectMapper mapper) throws FakeQkdStartException {
    SimSettings.Mode mode = c.mode() == FakeQkdConfig.Mode.LINK
        ? SimSettings.Mode.LINK : SimSettings.Mode.UKMS;
    SimSettings settings = new SimSettings(mode, c.kmeId(), c.peerKmeId(), c.keySizeBits(),
        c.maxKeys(), c.maxKeysPerRequest(), Math.min(64, c.keySizeBits()),
        Math.max(1024, c.keySizeBits()), c.rateBitsPerSecond(), c.keyTtl(), 503, 401, false);
    Secret secret;
    try {
      secret = mode == SimSettings.Mode.LINK ? LinkSecrets.load(c.linkSecretFile()) : null;
    } catch (IOException e) {
      throw new FakeQkdStartException("fake_qkd_link_secret_file", e.getMessage(), e);
    }
    warn(mode, "the embedded fake QKD API");
    Faults faults = new Faults(c.latency(), c.unavailableRatio(), c.dropRatio(), random,
        Faults.Sleeper.REAL);
    SimulatedKme store = c.bb84() == null
        ? new SimulatedKme(settings, secret, clock, uuids, c.peerSaeIds())
        : Bb84Embedded.start(c, settings, secret, clock);
    return new EtsiFrontEnd(store,
        CallerIdentity.fixed(c.saeId()),
        c.allowRemote() ? a -> true : InetAddress::isLoopbackAddress, faults, mapper);
  }

  /**
   * Puts the BB84 links of the embedded fake QKD API, when it runs on them, on {@code registry}
   * (the daemon's admin {@code /metrics}): the same {@code ukms_sim_bb84_*} series, labelled by
   * the KME at the other end, as on {@code ukms kme --link bb84}'s own {@code /metrics}.
   */
  public static void registerLinkMetrics(PrometheusRegistry registry, EtsiFrontEnd embedded) {
    embedded.store().bb84Links().ifPresent(links -> Bb84Metrics.register(registry, links));
  }

  /** The BB84 links of the embedded fake QKD API, for {@code /status}; empty on the PRF. */
  public static List<LinkStatus> linkStatuses(EtsiFrontEnd embedded) {
    return embedded.store().bb84Links().map(l -> l.statuses(1)).orElse(List.of());
  }

  /**
   * The embedded fake QKD API's ETSI 004 end (binary binding, plain TCP on loopback), keyed by the
   * same link secret as its ETSI 014 keys, or on {@code embedded014}'s BB84 links when it has
   * them (both APIs then share each end's slots); null when {@code fake_qkd_etsi004_listen} is
   * unset.
   */
  public static Etsi004Server embedded004(FakeQkdConfig c, InstantSource clock,
      RandomGenerator random, EtsiFrontEnd embedded014) throws IOException {
    if (c.etsi004Listen() == null) {
      return null;
    }
    Secret secret = LinkSecrets.load(c.linkSecretFile());
    try {
      var links = embedded014 == null ? java.util.Optional.<org.ukms.qlink.Bb84Links>empty()
          : embedded014.store().bb84Links();
      Etsi004Store store = links.isEmpty()
          ? Etsi004Store.linked(secret, random, clock, Etsi004Limits.DEFAULT)
          : Etsi004Store.onBb84Links(secret, random, clock, Etsi004Limits.DEFAULT, links.get(),
              c.keySizeBits() / 8, Etsi004Bb84.DEFAULT_INDICES, Etsi004Bb84.ARRIVAL);
      return Etsi004Server.start(c.etsi004Listen(), store, null, EMBEDDED_004_CONNECTIONS);
    } catch (IOException e) {
      throw new IOException("cannot serve the embedded ETSI 004 API on " + c.etsi004Listen()
          + " (fake_qkd_etsi004_listen): " + e.getMessage(), e);
    } finally {
      secret.destroy();
    }
  }


  /** The start-up warning every simulator logs: loud in ukms mode. */
  public static void warn(SimSettings.Mode mode, String what) {
    if (mode == SimSettings.Mode.UKMS) {
      logger.log(System.Logger.Level.WARNING, what + " runs in ukms mode: every key is "
          + "SHA3-256 of its public key_ID, so anyone who sees a key_ID can compute the key "
          + "and every PSK made from it. For tests and uKMS interoperability only.");
    } else {
      logger.log(System.Logger.Level.WARNING, what + " runs in link mode: simulated keys, "
          + "not QKD; they are as secret as the link secret file. For tests and demos.");
    }
  }
}
