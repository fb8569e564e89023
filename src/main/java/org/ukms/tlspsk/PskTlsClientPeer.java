package org.ukms.tlspsk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsPSK;
import org.bouncycastle.tls.TlsPSKIdentity;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.ukms.crypto.Secret;

/**
 * The client side of one TLS-PSK handshake: for TLS 1.3 it offers the PSK as an external PSK
 * (SHA-384, {@code psk_dhe_ke}) and insists the server select it; for TLS 1.2 it answers with the
 * identity and a copy of the PSK that Bouncy Castle wipes after use. Versions and suites are
 * given, so tests can also offer what the server must refuse.
 */
final class PskTlsClientPeer extends PSKTlsClient {
  private final ProtocolVersion[] versions;
  private final int[] suites;
  private final byte[] identity;
  private final Secret psk;
  private final ExternalPsk externalPsk = new ExternalPsk();
  private volatile short alertSent = -1;
  private volatile short alertReceived = -1;

  PskTlsClientPeer(TlsCrypto crypto, String identity, Secret psk, ProtocolVersion[] versions,
      int[] suites) {
    this(crypto, identity.getBytes(StandardCharsets.UTF_8), psk, versions, suites);
  }

  private PskTlsClientPeer(TlsCrypto crypto, byte[] identity, Secret psk,
      ProtocolVersion[] versions, int[] suites) {
    super(crypto, new Identity(identity, psk));
    this.versions = versions.clone();
    this.suites = suites.clone();
    this.identity = identity;
    this.psk = psk;
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return versions.clone();
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return suites.clone();
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"}) // Bouncy Castle's signature
  public Vector getExternalPSKs() {
    if (!ProtocolVersion.contains(versions, ProtocolVersion.TLSv13)) {
      return null;
    }
    return TlsUtils.vectorOfOne(externalPsk.offer(getCrypto(), identity.clone(), psk));
  }

  @Override
  public void notifySelectedPSK(TlsPSK selected) throws IOException {
    if (selected == null && ProtocolVersion.TLSv13.equals(context.getServerVersion())) {
      throw new TlsFatalAlert(AlertDescription.handshake_failure, "server did not select the PSK");
    }
  }

  @Override
  public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
    if (level == AlertLevel.fatal) {
      alertSent = description;
    }
  }

  @Override
  public void notifyAlertReceived(short level, short description) {
    if (level == AlertLevel.fatal) {
      alertReceived = description;
    }
  }

  /** Destroys Bouncy Castle's copy of a TLS 1.3 PSK; call once the handshake has ended. */
  void wipe() {
    externalPsk.wipe();
  }

  /** The alert the server sent, else the one this client raised, by name; or null. */
  String alert() {
    if (alertReceived >= 0) {
      return TlsProfile.alertName(alertReceived);
    }
    return alertSent >= 0 ? TlsProfile.alertName(alertSent) : null;
  }

  /** Whether {@link #alert()} is one this client raised (the server's answer made no sense). */
  boolean raisedHere() {
    return alertReceived < 0 && alertSent >= 0;
  }

  String negotiatedVersion() {
    return TlsProfile.versionName(context.getSecurityParametersConnection().getNegotiatedVersion());
  }

  String negotiatedSuite() {
    return TlsProfile.suiteName(context.getSecurityParametersConnection().getCipherSuite());
  }

  /** TLS 1.2: the identity, and a fresh copy of the PSK each time (Bouncy Castle wipes it). */
  private static final class Identity implements TlsPSKIdentity {
    private final byte[] identity;
    private final Secret psk;

    Identity(byte[] identity, Secret psk) {
      this.identity = identity;
      this.psk = psk;
    }

    @Override
    public void skipIdentityHint() {}

    @Override
    public void notifyIdentityHint(byte[] hint) {}

    @Override
    public byte[] getPSKIdentity() {
      return identity.clone();
    }

    @Override
    public byte[] getPSK() {
      return psk.reveal();
    }
  }
}
