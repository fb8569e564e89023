package org.ukms.tlspsk;

import org.bouncycastle.tls.ProtocolVersion;

/** The TLS version a {@link PskHttpClient} asks for; the server offers both. */
public enum TlsVersion {
  /** TLS 1.2 with the DHE-PSK suites of the profile. */
  TLS_1_2("1.2"),
  /** TLS 1.3 with an external PSK (SHA-384) and TLS_AES_256_GCM_SHA384. */
  TLS_1_3("1.3");

  private final String label;

  TlsVersion(String label) {
    this.label = label;
  }

  /** {@code 1.2} or {@code 1.3}, as the command line spells it. */
  public String label() {
    return label;
  }

  /** The version for {@code 1.2} or {@code 1.3}. */
  public static TlsVersion of(String label) {
    for (TlsVersion v : values()) {
      if (v.label.equals(label)) {
        return v;
      }
    }
    throw new IllegalArgumentException("expected 1.2 or 1.3, found \"" + label + "\"");
  }

  ProtocolVersion[] protocolVersions() {
    return this == TLS_1_3 ? ProtocolVersion.TLSv13.only() : ProtocolVersion.TLSv12.only();
  }

  int[] suites() {
    return this == TLS_1_3 ? new int[] {TlsProfile.TLS13_SUITE} : TlsProfile.TLS12_DHE_PSK.clone();
  }
}
