package org.ukms.config;

import java.util.List;

/**
 * The embedded fake QKD API's BB84 link ({@code fake_qkd_link = "bb84"} and its keys): where to
 * accept and dial the other ends (HOST:PORT), and the simulated channel of the links this end
 * dials (it sends the photons). See docs/bb84.md.
 */
public record Bb84LinkConfig(String listen, List<String> connect, boolean eavesdropper,
    double channelError, double channelLossDb, double detectorEfficiency) {
  public static final double DEFAULT_ERROR = 0.02;
  public static final double DEFAULT_LOSS_DB = 3;
  public static final double DEFAULT_EFFICIENCY = 0.6;

  public Bb84LinkConfig {
    connect = List.copyOf(connect);
    if (listen == null && connect.isEmpty()) {
      throw new IllegalArgumentException("a BB84 link end listens or dials");
    }
  }
}
