package org.ukms.config;

import java.util.Objects;
import java.util.UUID;

/**
 * A peer's ETSI GS QKD 004 key manager ({@code key_source = "etsi004"}, table
 * {@code [peers.<id>.etsi004]}): where it listens, the application URIs of both ends, the QoS
 * timeout and TTL, the TLS files (all null: plain TCP, loopback only), the wire binding, and
 * {@code ksid}: the key stream both ends open when it is fixed in config (use case 3), or null to
 * agree one per stream over the peer channel (use case 1).
 */
public record Etsi004Settings(String host, int port, String source, String destination,
    long timeoutMs, long ttlSeconds, TlsFiles tls, Binding binding, UUID ksid) {
  /** How ukms talks to the key manager ({@code binding}; docs/etsi004.md). */
  public enum Binding {
    /** The ETSI forge reference binary binding over TCP (mutual TLS or loopback). */
    ETSI_BINARY("etsi-binary"),
    /** The qkd-module REST binding: JSON over HTTPS (mutual TLS), or HTTP to loopback. */
    REST("rest");

    private final String configName;

    Binding(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }

  public Etsi004Settings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(binding, "binding");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(tls, "tls");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range");
    }
    if (ksid != null && ksid.getMostSignificantBits() == 0 && ksid.getLeastSignificantBits() == 0) {
      throw new IllegalArgumentException("a fixed ksid cannot be NULL");
    }
  }

  /** The binary binding (the default), without a fixed KSID. */
  public Etsi004Settings(String host, int port, String source, String destination,
      long timeoutMs, long ttlSeconds, TlsFiles tls) {
    this(host, port, source, destination, timeoutMs, ttlSeconds, tls, Binding.ETSI_BINARY, null);
  }
}
