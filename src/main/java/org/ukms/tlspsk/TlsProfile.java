package org.ukms.tlspsk;

import java.util.Arrays;
import java.util.Locale;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;

/**
 * The TLS profile of docs/skip-tls.md and skip.md §9, in one place: which versions and suites the
 * server offers and the client may ask for, and their names for logs and messages.
 */
final class TlsProfile {
  /** TLS 1.3, external PSK with {@code psk_dhe_ke} and a SHA-384 PSK hash. */
  static final int TLS13_SUITE = CipherSuite.TLS_AES_256_GCM_SHA384;
  /** TLS 1.2 DHE-PSK suites, in the server's order of preference. */
  static final int[] TLS12_DHE_PSK = {
    CipherSuite.TLS_DHE_PSK_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_DHE_PSK_WITH_AES_256_CBC_SHA384,
    CipherSuite.TLS_DHE_PSK_WITH_AES_256_CBC_SHA,
  };
  /** TLS 1.2 plain PSK, no forward secrecy: only when the operator allows it. */
  static final int TLS12_PLAIN_PSK = CipherSuite.TLS_PSK_WITH_AES_256_GCM_SHA384;

  private TlsProfile() {}

  /** The suites a server offers: TLS 1.3 first, then DHE-PSK, then plain PSK if allowed. */
  static int[] serverSuites(boolean allowPlainPsk) {
    int[] suites = new int[TLS12_DHE_PSK.length + (allowPlainPsk ? 2 : 1)];
    suites[0] = TLS13_SUITE;
    System.arraycopy(TLS12_DHE_PSK, 0, suites, 1, TLS12_DHE_PSK.length);
    if (allowPlainPsk) {
      suites[suites.length - 1] = TLS12_PLAIN_PSK;
    }
    return suites;
  }

  /** The IANA name of a suite of this profile, else its code as {@code 0x00ff}. */
  static String suiteName(int suite) {
    switch (suite) {
      case CipherSuite.TLS_AES_256_GCM_SHA384:
        return "TLS_AES_256_GCM_SHA384";
      case CipherSuite.TLS_DHE_PSK_WITH_AES_256_GCM_SHA384:
        return "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384";
      case CipherSuite.TLS_DHE_PSK_WITH_AES_256_CBC_SHA384:
        return "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384";
      case CipherSuite.TLS_DHE_PSK_WITH_AES_256_CBC_SHA:
        return "TLS_DHE_PSK_WITH_AES_256_CBC_SHA";
      case CipherSuite.TLS_PSK_WITH_AES_256_GCM_SHA384:
        return "TLS_PSK_WITH_AES_256_GCM_SHA384";
      default:
        return String.format(Locale.ROOT, "0x%04x", suite);
    }
  }

  /** {@code TLSv1.3}, {@code TLSv1.2}, as OpenSSL and JSSE name them. */
  static String versionName(ProtocolVersion version) {
    if (ProtocolVersion.TLSv13.equals(version)) {
      return "TLSv1.3";
    }
    if (ProtocolVersion.TLSv12.equals(version)) {
      return "TLSv1.2";
    }
    return String.valueOf(version);
  }

  /** The RFC name of an alert, e.g. {@code unknown_psk_identity}. */
  static String alertName(short alert) {
    return AlertDescription.getName(alert);
  }
}
