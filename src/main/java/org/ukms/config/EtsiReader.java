package org.ukms.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code etsi_*} keys (how to reach the ETSI 014 KME), read at the top level and again in
 * each peer table, where each key overrides the inherited value.
 */
final class EtsiReader {
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
  private static final Map<String, EtsiMethod> METHODS =
      TableReader.choices(EtsiMethod.values(), Enum::name);
  private static final Map<String, String> KME_ID_FIELDS =
      TableReader.names("cn", "san-uri", "san-dns", "serial");

  private final LoadContext context;

  EtsiReader(LoadContext context) {
    this.context = context;
  }

  /** The etsi_* settings while a table is being read; null paths mean "not set". */
  record Draft(EtsiMethod method, Path caCert, Path cert, Path key, Duration connectTimeout,
      Duration readTimeout, boolean allowHttp, String kmeId, String kmeIdField) {
    static final Draft DEFAULTS = new Draft(EtsiMethod.GET, null, null, null,
        DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, false, null, "cn");

    /** The KME settings of a peer whose etsi_url is {@code url}. */
    KmeSettings settings(java.net.URI url) {
      return new KmeSettings(url, method, new TlsFiles(caCert, cert, key), connectTimeout,
          readTimeout, kmeId, kmeIdField);
    }
  }

  /** The etsi_* keys of one table, each falling back to {@code inherited}. */
  Draft read(TableReader r, Draft inherited) {
    EtsiMethod method = r.choice("etsi_method", METHODS, "the form of key requests")
        .orElse(inherited.method());
    Path caCert = context.pemFile(r, "etsi_cacert", "CA certificate(s) that sign the KME's certificate")
        .orElse(inherited.caCert());
    Optional<Path> cert = context.pemFile(r, "etsi_cert", "our client certificate for the KME");
    Optional<Path> key = context.pemFile(r, "etsi_key", "private key of etsi_cert (PKCS#8 PEM)");
    key.ifPresent(p -> context.requirePrivate(r, "etsi_key", p));
    Path certPath = inherited.cert();
    Path keyPath = inherited.key();
    if (cert.isPresent() != key.isPresent()) {
      r.error(cert.isPresent() ? "etsi_cert" : "etsi_key",
          "etsi_cert and etsi_key go together (set both, or neither)");
    } else if (cert.isPresent()) {
      certPath = cert.get();
      keyPath = key.get();
    }
    Duration connect = LoadContext.seconds(r, "etsi_connect_timeout_seconds", false,
        "TCP/TLS connect timeout to the KME").orElse(inherited.connectTimeout());
    Duration read = LoadContext.seconds(r, "etsi_read_timeout_seconds", false,
        "read timeout for KME answers").orElse(inherited.readTimeout());
    boolean allowHttp = r.bool("etsi_allow_http",
        "true accepts plain http:// to a non-loopback KME").orElse(inherited.allowHttp());
    String kmeId = r.string("etsi_kme_id", false, "the KME ID its certificate must carry")
        .orElse(inherited.kmeId());
    String kmeIdField = r.choice("etsi_kme_id_field", KME_ID_FIELDS,
        "where the KME's certificate carries its ID").orElse(inherited.kmeIdField());
    return new Draft(method, caCert, certPath, keyPath, connect, read, allowHttp, kmeId,
        kmeIdField);
  }
}
