package org.ukms.config;

import java.util.Objects;

/**
 * A peer's ETSI GS QKD 004 key manager ({@code key_source = "etsi004"}, table
 * {@code [peers.<id>.etsi004]}): where it listens, the application URIs of both ends, the QoS
 * timeout and TTL, and the TLS files (all null: plain TCP, loopback only).
 */
public record Etsi004Settings(String host, int port, String source, String destination,
    long timeoutMs, long ttlSeconds, TlsFiles tls) {
  public Etsi004Settings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(tls, "tls");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range");
    }
  }
}
