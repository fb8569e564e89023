package org.ukms.tlspsk;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One HTTP/1.1 request read from a TLS-PSK connection: its method, its request target as sent
 * (path and raw, still percent-encoded query), the PSK identity the connection was authenticated
 * with, and the client's address. GET requests carry no body; others are answered by the handler
 * (405) without reading one.
 */
public record PskHttpRequest(String method, String target, String pskIdentity, InetAddress remote) {
  public PskHttpRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(pskIdentity, "pskIdentity");
  }

  /** The path part of the target (before any {@code ?}), still percent-encoded. */
  public String rawPath() {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  /** The raw query (after the first {@code ?}), or null when there is none. */
  public String rawQuery() {
    int q = target.indexOf('?');
    return q < 0 ? null : target.substring(q + 1);
  }
}
