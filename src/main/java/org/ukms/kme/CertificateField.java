package org.ukms.kme;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Where an ID sits in an X.509 certificate: subject CN, first SAN URI, first SAN DNS name, or the
 * serial number in lower-case hex. ETSI 014 leaves the mapping open; KMEs disagree (etsi-014.md
 * section 3), so both our client (KME IDs) and our simulator (SAE IDs) make it configurable.
 */
public enum CertificateField {
  CN, SAN_URI, SAN_DNS, SERIAL;

  /** {@code cn}, {@code san-uri}, {@code san-dns} or {@code serial}. */
  public static CertificateField parse(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public Optional<String> read(X509Certificate cert) {
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
