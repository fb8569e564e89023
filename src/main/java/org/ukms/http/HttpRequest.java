package org.ukms.http;

import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One request, read completely before a handler sees it: method, raw (still percent-encoded)
 * path and query, headers, a body of at most its route's limit plus one byte (so a handler can
 * tell "too large"), the client's address and, over TLS, its verified certificate chain.
 */
public final class HttpRequest {
  private final String method;
  private final String rawPath;
  private final String rawQuery;
  private final Map<String, String> headers;
  private final byte[] body;
  private final InetAddress remote;
  private final List<X509Certificate> peerCertificates;

  HttpRequest(String method, String rawPath, String rawQuery, Map<String, String> headers,
      byte[] body, InetAddress remote, List<X509Certificate> peerCertificates) {
    this.method = Objects.requireNonNull(method, "method");
    this.rawPath = Objects.requireNonNull(rawPath, "rawPath");
    this.rawQuery = rawQuery;
    this.headers = Map.copyOf(headers);
    this.body = body.clone();
    this.remote = Objects.requireNonNull(remote, "remote");
    this.peerCertificates = List.copyOf(peerCertificates);
  }

  /**
   * A request without TLS, for handlers driven in memory (tests): {@code target} is the raw path
   * with an optional {@code ?query}; header names are matched case-insensitively.
   */
  public static HttpRequest of(String method, String target, Map<String, String> headers,
      byte[] body, InetAddress remote) {
    int q = target.indexOf('?');
    Map<String, String> lower = new LinkedHashMap<>();
    headers.forEach((name, value) -> lower.putIfAbsent(name.toLowerCase(Locale.ROOT), value));
    return new HttpRequest(method, q < 0 ? target : target.substring(0, q),
        q < 0 ? null : target.substring(q + 1), lower, body, remote, List.of());
  }

  public String method() {
    return method;
  }

  /** The path as sent, percent-encoding intact. */
  public String rawPath() {
    return rawPath;
  }

  /** The query as sent, or null when the target had no {@code ?}. */
  public String rawQuery() {
    return rawQuery;
  }

  /** The first value of the header {@code name} (any case), or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** A copy of the body: at most the route's limit plus one byte. */
  public byte[] body() {
    return body.clone();
  }

  public InetAddress remoteAddress() {
    return remote;
  }

  /** The client's verified certificate chain, leaf first; empty without TLS. */
  public List<X509Certificate> peerCertificates() {
    return peerCertificates;
  }
}
