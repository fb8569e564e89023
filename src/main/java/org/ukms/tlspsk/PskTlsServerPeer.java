package org.ukms.tlspsk;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Map;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.PSKTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.PskIdentity;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.ukms.crypto.Secret;

/**
 * The server side of one TLS-PSK handshake (one instance per connection): TLS 1.3 with an external
 * PSK ({@code psk_dhe_ke}, SHA-384, TLS_AES_256_GCM_SHA384 only) and TLS 1.2 DHE-PSK, plain PSK
 * only when allowed, nothing below TLS 1.2 (skip.md §9, §11). It records which identity the client
 * used and which alert ended a failed handshake, for the connection's log line; the PSK itself
 * leaves its {@link Secret} only as a copy that Bouncy Castle wipes (TLS 1.2) or that becomes a
 * {@code TlsSecret} at once (TLS 1.3).
 */
final class PskTlsServerPeer extends PSKTlsServer {
  private final Map<String, Secret> keys;
  private final boolean allowPlainPsk;
  private final ExternalPsk externalPsk = new ExternalPsk();
  private volatile String identity;
  private volatile String unknownIdentity;
  private volatile boolean externalPskOffered;
  private volatile short alertSent = -1;
  private volatile short alertReceived = -1;

  PskTlsServerPeer(TlsCrypto crypto, Map<String, Secret> keys, boolean allowPlainPsk) {
    this(crypto, keys, allowPlainPsk, new IdentityManager(keys));
  }

  private PskTlsServerPeer(TlsCrypto crypto, Map<String, Secret> keys, boolean allowPlainPsk,
      IdentityManager identities) {
    super(crypto, identities);
    this.keys = keys;
    this.allowPlainPsk = allowPlainPsk;
    identities.peer = this;
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.TLSv13.downTo(ProtocolVersion.TLSv12);
  }

  /** Our order (TLS 1.3, then DHE-PSK GCM, CBC-SHA384, CBC-SHA), not the client's. */
  @Override
  protected boolean preferLocalCipherSuites() {
    return true;
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return TlsUtils.getSupportedCipherSuites(getCrypto(), TlsProfile.serverSuites(allowPlainPsk));
  }

  /** TLS 1.3: the first offered identity we know, with its PSK as a SHA-384 external PSK. */
  @Override
  @SuppressWarnings("rawtypes") // Bouncy Castle's signature
  public TlsPSKExternal getExternalPSK(Vector identities) {
    externalPskOffered = true;
    if (!org.bouncycastle.util.Arrays.contains(offeredCipherSuites, TlsProfile.TLS13_SUITE)) {
      return null; // no suite for a SHA-384 PSK: refused below, before the binder is checked
    }
    for (Object offered : identities) {
      byte[] raw = ((PskIdentity) offered).getIdentity();
      String name = Identities.decode(raw);
      Secret psk = name == null ? null : keys.get(name);
      if (psk == null) {
        if (unknownIdentity == null) {
          unknownIdentity = Identities.printable(raw);
        }
        continue;
      }
      identity = name;
      return externalPsk.offer(getCrypto(), raw, psk);
    }
    return null;
  }

  /**
   * Called in TLS 1.3 after the PSK choice and its binder check: without a PSK there is nothing to
   * authenticate with (no certificate mode), so refuse before sending a ServerHello.
   */
  @Override
  @SuppressWarnings("rawtypes") // Bouncy Castle's signature
  public void processClientExtensions(Hashtable clientExtensions) throws IOException {
    if (isTls13() && identity == null) {
      boolean suite = org.bouncycastle.util.Arrays.contains(offeredCipherSuites,
          TlsProfile.TLS13_SUITE);
      throw new TlsFatalAlert(externalPskOffered && suite ? AlertDescription.unknown_psk_identity
          : AlertDescription.handshake_failure, "no known external PSK offered");
    }
    super.processClientExtensions(clientExtensions);
  }

  /** Only reached in TLS 1.3 without a selected PSK (e.g. a PSK dropped after a retry). */
  @Override
  public TlsCredentials getCredentials() throws IOException {
    if (isTls13()) {
      throw new TlsFatalAlert(AlertDescription.handshake_failure, "TLS 1.3 needs a PSK here");
    }
    return super.getCredentials();
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

  private boolean isTls13() {
    return TlsUtils.isTLSv13(context.getSecurityParametersHandshake().getNegotiatedVersion());
  }

  /** Destroys Bouncy Castle's copy of a TLS 1.3 PSK; call once the handshake has ended. */
  void wipe() {
    externalPsk.wipe();
  }

  /** The configured identity the client authenticated with (or tried to), or null. */
  String identity() {
    return identity;
  }

  /** An offered identity that is not configured, printable, or null. */
  String unknownIdentity() {
    return unknownIdentity;
  }

  /** Why a handshake failed, as {@code sent unknown_psk_identity}, or null if no alert. */
  String alert() {
    if (alertSent >= 0) {
      return "sent " + TlsProfile.alertName(alertSent);
    }
    return alertReceived >= 0 ? "received " + TlsProfile.alertName(alertReceived) : null;
  }

  /** The negotiated version and suite of a finished handshake, for the log. */
  String negotiated() {
    var parameters = context.getSecurityParametersConnection();
    return "version=" + TlsProfile.versionName(parameters.getNegotiatedVersion()) + " suite="
        + TlsProfile.suiteName(parameters.getCipherSuite());
  }

  /** TLS 1.2: the PSK of a configured identity as a copy (Bouncy Castle wipes it), else null. */
  private static final class IdentityManager implements TlsPSKIdentityManager {
    private final Map<String, Secret> keys;
    PskTlsServerPeer peer;

    IdentityManager(Map<String, Secret> keys) {
      this.keys = keys;
    }

    @Override
    public byte[] getHint() {
      return null;
    }

    @Override
    public byte[] getPSK(byte[] raw) {
      String name = Identities.decode(raw);
      Secret psk = name == null ? null : keys.get(name);
      if (psk == null) {
        peer.unknownIdentity = Identities.printable(raw);
        return null; // Bouncy Castle answers unknown_psk_identity
      }
      peer.identity = name;
      return psk.reveal();
    }
  }
}
