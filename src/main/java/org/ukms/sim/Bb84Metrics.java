package org.ukms.sim;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.ToDoubleFunction;
import org.ukms.qlink.Bb84Links;
import org.ukms.qlink.LinkStatus;

/** The BB84 links' metrics, labelled by the KME at the other end: QBER, rates, blocks, aborts. */
final class Bb84Metrics {
  private Bb84Metrics() {}

  static void register(PrometheusRegistry registry, Bb84Links links) {
    gauge(registry, links, "ukms_sim_bb84_qber",
        "QBER estimated in the link's last block that got as far (NaN before)", LinkStatus::qber);
    gauge(registry, links, "ukms_sim_bb84_sifted_key_rate",
        "Sifted key rate of the link's last block, in bits per second",
        LinkStatus::siftedRate);
    gauge(registry, links, "ukms_sim_bb84_secret_key_rate",
        "Secret key rate of the link's last block, in bits per second (0 when it aborted)",
        LinkStatus::secretRate);
    gauge(registry, links, "ukms_sim_bb84_up", "1 while a session of the link runs",
        s -> s.connected() ? 1 : 0);
    gauge(registry, links, "ukms_sim_bb84_stored_keys",
        "Keys of this end's share of the link not handed out yet", LinkStatus::stored);
    counter(registry, links, "ukms_sim_bb84_blocks_total", "Blocks that made a key",
        LinkStatus::blocks);
    counter(registry, links, "ukms_sim_bb84_aborts_total",
        "Blocks aborted (QBER above the threshold, too few bits, verification failed)",
        LinkStatus::aborts);
    counter(registry, links, "ukms_sim_bb84_sifted_key_length_total",
        "Sifted key length of all blocks, in bits",
        LinkStatus::siftedBits);
    counter(registry, links, "ukms_sim_bb84_secret_key_length_total",
        "Secret key length of the blocks that made a key, in bits", LinkStatus::secretBits);
  }

  private static void gauge(PrometheusRegistry registry, Bb84Links links, String name,
      String help, ToDoubleFunction<LinkStatus> value) {
    GaugeWithCallback.builder().name(name).help(help).labelNames("peer_kme")
        .callback(cb -> links.statuses(1).forEach(s ->
            cb.call(value.applyAsDouble(s), s.peerKmeId())))
        .register(registry);
  }

  private static void counter(PrometheusRegistry registry, Bb84Links links, String name,
      String help, ToDoubleFunction<LinkStatus> value) {
    CounterWithCallback.builder().name(name).help(help).labelNames("peer_kme")
        .callback(cb -> links.statuses(1).forEach(s ->
            cb.call(value.applyAsDouble(s), s.peerKmeId())))
        .register(registry);
  }
}
