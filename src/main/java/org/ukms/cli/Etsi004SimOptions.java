package org.ukms.cli;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ukms.crypto.Secret;
import org.ukms.etsi004.Status;
import org.ukms.qlink.Bb84Links;
import org.ukms.sim.Etsi004Faults;
import org.ukms.sim.Etsi004Limits;
import org.ukms.sim.Etsi004Rendezvous;
import org.ukms.sim.Etsi004Store;
import picocli.CommandLine.Option;

/**
 * The ETSI 004 simulator's QoS limits and faults as {@code ukms kme} options (named like the 014
 * fault options, with {@code -004}): what OPEN_CONNECT can grant, whether it blocks for the peer
 * application, and statuses forced on calls. A picocli mixin of {@link KmeCommand}.
 */
final class Etsi004SimOptions {
  @Option(names = "--chunk-range-004", paramLabel = "MIN..MAX", defaultValue = "1..65536",
      description = "ETSI 004 QoS: key chunk sizes in bytes the KM grants; others get status 7 "
          + "with the nearest size (default: ${DEFAULT-VALUE}).")
  String chunkRange;

  @Option(names = "--rate-004", paramLabel = "BITS_PER_S", defaultValue = "0",
      description = "ETSI 004 QoS: the link rate; min_bps above it is status 7, max_bps is "
          + "capped at it and limits delivery (status 2 when asked faster); 0 unlimited "
          + "(default: ${DEFAULT-VALUE}).")
  long rate;

  @Option(names = "--wait-for-peer-004",
      description = "ETSI 004: OPEN_CONNECT blocks until the peer application (the destination) "
          + "opened the same KSID on this KM, up to the QoS timeout; then status 1.")
  boolean waitForPeer;

  @Option(names = "--fail-ratio-004", paramLabel = "R", defaultValue = "0",
      description = "Fault: share of ETSI 004 OPEN_CONNECT and GET_KEY calls answered with "
          + "--fail-status-004 (0..1).")
  double failRatio;

  @Option(names = "--fail-status-004", paramLabel = "CODE", defaultValue = "4",
      description = "Fault: the status of --fail-ratio-004, 1..4294967295 (default: "
          + "${DEFAULT-VALUE}, no QKD connection).")
  long failStatus;

  @Option(names = "--force-004", paramLabel = "CALL=STATUS[xN]",
      description = "Fault: answer the next N (default 1) calls of open_connect, get_key or "
          + "close with STATUS, e.g. get_key=2x3 (repeatable).")
  List<String> forced = new ArrayList<>();

  @Option(names = "--indices-004", paramLabel = "N", defaultValue = "1024",
      description = "With --link bb84: keys each new ETSI 004 key stream reserves from this "
          + "end's share of the link, 1..16777215 (default: ${DEFAULT-VALUE}).")
  int indices;

  /** The QoS limits; IllegalArgumentException names the bad option. */
  Etsi004Limits limits() {
    if (indices < 1 || indices > 16_777_215) {
      throw new IllegalArgumentException("--indices-004: expected 1..16777215, found " + indices);
    }
    try {
      return Etsi004Limits.chunkRange(chunkRange, rate);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException((e.getMessage().startsWith("link rate")
          ? "--rate-004: " : "--chunk-range-004: ") + e.getMessage());
    }
  }

  /** A store on the link secret's PRF, as these options describe it. */
  Etsi004Store store(Secret linkSecret, InstantSource clock) {
    return store(linkSecret, clock, null, 0);
  }

  /**
   * A store as these options describe it, on {@code links} (slots of {@code slotBytes}) or,
   * when null, on the link secret's PRF; IllegalArgumentException names the bad option.
   */
  Etsi004Store store(Secret linkSecret, InstantSource clock, Bb84Links links, int slotBytes) {
    Etsi004Limits limits = limits();
    Etsi004Store store = links == null
        ? Etsi004Store.linked(linkSecret, new SecureRandom(), clock, limits)
        : Etsi004Store.onBb84Links(linkSecret, new SecureRandom(), clock, limits, links,
            slotBytes, indices, Duration.ofSeconds(2));
    if (waitForPeer) {
      store.blockUntilPeer(new Etsi004Rendezvous());
    }
    try {
      store.faults().failRatio(failRatio, new Status(failStatus), new SecureRandom());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException((e.getMessage().startsWith("fail ratio")
          ? "--fail-ratio-004: " : "--fail-status-004: ") + e.getMessage());
    }
    for (String f : forced) {
      force(store.faults(), f);
    }
    return store;
  }

  private static void force(Etsi004Faults faults, String spec) {
    int eq = spec.indexOf('=');
    String bad = "--force-004: expected CALL=STATUS[xN] with CALL open_connect, get_key or "
        + "close, e.g. get_key=2x3, found " + spec;
    if (eq < 0) {
      throw new IllegalArgumentException(bad);
    }
    Etsi004Faults.Call call;
    long status;
    int times;
    try {
      call = Etsi004Faults.Call.valueOf(spec.substring(0, eq).toUpperCase(Locale.ROOT));
      String rest = spec.substring(eq + 1);
      int x = rest.indexOf('x');
      status = Long.parseLong(x < 0 ? rest : rest.substring(0, x));
      times = x < 0 ? 1 : Integer.parseInt(rest.substring(x + 1));
      faults.force(call, new Status(status), times);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(bad);
    }
  }
}
