package org.ukms.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Who is calling the simulator. Without TLS it serves exactly one local SAE; with TLS the SAE ID
 * comes from the verified client certificate (S-02): its subject CN, first SAN URI, first SAN DNS
 * name, or serial number (lower-case hex).
 */
public interface CallerIdentity {
  Optional<String> caller(HttpExchange exchange);

  static CallerIdentity fixed(String sae) {
    return exchange -> Optional.of(sae);
  }

  static CallerIdentity fromCertificate(Field field) {
    return exchange -> {
      if (!(exchange instanceof HttpsExchange https)) {
        return Optional.empty();
      }
      try {
        Certificate[] chain = https.getSSLSession().getPeerCertificates();
        return chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)
            ? Optional.empty() : field.read(leaf);
      } catch (SSLPeerUnverifiedException e) {
        return Optional.empty();
      }
    };
  }

  /** Which certificate field holds the SAE ID. */
  enum Field {
    CN, SAN_URI, SAN_DNS, SERIAL;

    public static Field parse(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    Optional<String> read(X509Certificate cert) {
      switch (this) {
        case SERIAL:
          return Optional.of(cert.getSerialNumber().toString(16));
        case SAN_URI:
          return san(cert, 6);
        case SAN_DNS:
          return san(cert, 2);
        default:
          try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
              if (rdn.getType().equalsIgnoreCase("CN")) {
                return Optional.of(rdn.getValue().toString());
              }
            }
          } catch (InvalidNameException e) {
            return Optional.empty();
          }
          return Optional.empty();
      }
    }

    private static Optional<String> san(X509Certificate cert, int type) {
      try {
        Collection<List<?>> names = cert.getSubjectAlternativeNames();
        if (names == null) {
          return Optional.empty();
        }
        return names.stream().filter(n -> ((Integer) n.get(0)) == type)
            .map(n -> n.get(1).toString()).findFirst();
      } catch (CertificateParsingException e) {
        return Optional.empty();
      }
    }
  }
}
