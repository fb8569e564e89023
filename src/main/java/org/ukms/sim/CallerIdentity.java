package org.ukms.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.ukms.kme.CertificateField;

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

  static CallerIdentity fromCertificate(CertificateField field) {
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
}
