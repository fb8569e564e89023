package org.ukms.sim;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.ukms.http.HttpRequest;
import org.ukms.kme.CertificateField;

/**
 * Who is calling the simulator. Without TLS it serves exactly one local SAE; with TLS the SAE ID
 * comes from the verified client certificate (S-02): its subject CN, first SAN URI, first SAN DNS
 * name, or serial number (lower-case hex).
 */
public interface CallerIdentity {
  Optional<String> caller(HttpRequest request);

  static CallerIdentity fixed(String sae) {
    return request -> Optional.of(sae);
  }

  static CallerIdentity fromCertificate(CertificateField field) {
    return request -> {
      List<X509Certificate> chain = request.peerCertificates();
      return chain.isEmpty() ? Optional.empty() : field.read(chain.get(0));
    };
  }
}
