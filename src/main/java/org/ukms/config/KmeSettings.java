package org.ukms.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/** How to reach one KME over ETSI GS QKD 014. */
public record KmeSettings(
    URI url, EtsiMethod method, TlsFiles tls, Duration connectTimeout, Duration readTimeout) {
  public KmeSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
  }

  public KmeSettings withUrl(URI newUrl) {
    return new KmeSettings(newUrl, method, tls, connectTimeout, readTimeout);
  }
}
