package org.ukms.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one KME over ETSI GS QKD 014. {@code kmeId}, when set, is the KME ID its TLS
 * certificate must carry in {@code kmeIdField} ({@code cn}, {@code san-uri}, {@code san-dns} or
 * {@code serial}); null means the host-name check alone identifies the KME.
 */
public record KmeSettings(URI url, EtsiMethod method, TlsFiles tls, Duration connectTimeout,
    Duration readTimeout, String kmeId, String kmeIdField) {
  public KmeSettings(URI url, EtsiMethod method, TlsFiles tls, Duration connectTimeout,
      Duration readTimeout) {
    this(url, method, tls, connectTimeout, readTimeout, null, "cn");
  }

  public KmeSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(kmeIdField, "kmeIdField");
  }

  public KmeSettings withUrl(URI newUrl) {
    return new KmeSettings(newUrl, method, tls, connectTimeout, readTimeout, kmeId, kmeIdField);
  }
}
