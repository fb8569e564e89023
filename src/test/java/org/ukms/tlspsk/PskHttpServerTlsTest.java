package org.ukms.tlspsk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ukms.tlspsk.PskTesting.IDENTITY;
import static org.ukms.tlspsk.PskTesting.PSK_HEX;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ukms.tlspsk.PskTesting.LogLines;
import org.ukms.tlspsk.PskTesting.Recording;

/** The TLS profile of skip.md §9 (SKIP-TLS-01..07, -09), our client against our server. */
class PskHttpServerTlsTest {
  private static final ProtocolVersion[] TLS12 = ProtocolVersion.TLSv12.only();
  private static final ProtocolVersion[] TLS13 = ProtocolVersion.TLSv13.only();

  private final Recording handler = new Recording();
  private PskHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void start(boolean plainPsk) throws Exception {
    server = PskTesting.server(handler, PskServerSettings.DEFAULT.withPlainPsk(plainPsk));
  }

  /** Handshakes with one suite, checks what was negotiated, and GETs /capabilities. */
  private void handshakeAndGet(ProtocolVersion[] versions, int suite, String version,
      String suiteName) throws Exception {
    PskHttpClient client = PskTesting.client(server, IDENTITY, PskTesting.psk(), versions, suite);
    try (PskClientConnection c = client.connect()) {
      assertEquals(version, c.negotiatedVersion());
      assertEquals(suiteName, c.negotiatedSuite());
      PskHttpReply reply = c.get("/capabilities", true);
      assertEquals(200, reply.status());
      assertEquals("application/json", reply.contentType());
      assertEquals("{\"path\":\"/capabilities\",\"identity\":\"router-a\"}",
          new String(reply.body(), StandardCharsets.UTF_8));
    }
  }

  private String refused(PskHttpClient client) {
    PskHttpException e = assertThrows(PskHttpException.class, client::connect);
    assertEquals(List.of(), handler.requests, "no request may reach the handler");
    return e.getMessage();
  }

  @Test
  void skipTls01_tls13With1302Only_handshakesWithThePskAndServes() throws Exception {
    start(false);
    handshakeAndGet(TLS13, CipherSuite.TLS_AES_256_GCM_SHA384, "TLSv1.3",
        "TLS_AES_256_GCM_SHA384");
    assertEquals(IDENTITY, handler.requests.get(0).pskIdentity());
  }

  @Test
  void skipTls02_tls12DhePskAes256CbcSha384_handshakesAndServes() throws Exception {
    start(false);
    handshakeAndGet(TLS12, CipherSuite.TLS_DHE_PSK_WITH_AES_256_CBC_SHA384, "TLSv1.2",
        "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384");
  }

  @Test
  void skipTls03_tls12DhePskAes256CbcSha_handshakesAndServes() throws Exception {
    start(false);
    handshakeAndGet(TLS12, CipherSuite.TLS_DHE_PSK_WITH_AES_256_CBC_SHA, "TLSv1.2",
        "TLS_DHE_PSK_WITH_AES_256_CBC_SHA");
  }

  @Test
  void skipTls04_tls12DhePskAes256Gcm_handshakesAndServes() throws Exception {
    start(false);
    handshakeAndGet(TLS12, CipherSuite.TLS_DHE_PSK_WITH_AES_256_GCM_SHA384, "TLSv1.2",
        "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384");
  }

  @Test
  void skipTls04_plainPsk_refusedByDefaultServedWhenAllowed() throws Exception {
    start(false);
    PskHttpClient plain = PskTesting.client(server, IDENTITY, PskTesting.psk(), TLS12,
        CipherSuite.TLS_PSK_WITH_AES_256_GCM_SHA384);
    assertTrue(refused(plain).endsWith("failed: handshake_failure"), refused(plain));
    server.close();

    start(true);
    handshakeAndGet(TLS12, CipherSuite.TLS_PSK_WITH_AES_256_GCM_SHA384, "TLSv1.2",
        "TLS_PSK_WITH_AES_256_GCM_SHA384");
  }

  @Test
  void defaultClients_bothVersions_negotiateTheProfile() throws Exception {
    start(false);
    try (PskClientConnection c = PskTesting.client(server, TlsVersion.TLS_1_2).connect()) {
      assertEquals("TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", c.negotiatedSuite());
    }
    PskHttpReply reply = PskTesting.client(server, TlsVersion.TLS_1_3).get("/entropy");
    assertEquals(200, reply.status());
  }

  @Test
  void tls12_clientPrefersCbcSha_serverPicksItsOwnFirstChoiceGcm() throws Exception {
    start(false);
    PskHttpClient client = PskTesting.client(server, IDENTITY, PskTesting.psk(), TLS12,
        CipherSuite.TLS_DHE_PSK_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_DHE_PSK_WITH_AES_256_CBC_SHA384,
        CipherSuite.TLS_DHE_PSK_WITH_AES_256_GCM_SHA384);
    try (PskClientConnection c = client.connect()) {
      assertEquals("TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", c.negotiatedSuite());
    }
  }

  @Test
  void skipTls05_tls12UnknownIdentity_unknownPskIdentityAndNoRequest() throws Exception {
    start(false);
    String message = refused(PskTesting.client(server, "router-x", PskTesting.psk(), TLS12,
        TlsProfile.TLS12_DHE_PSK));
    assertEquals("handshake with 127.0.0.1:" + server.port()
        + " failed: unknown_psk_identity", message);
  }

  @Test
  void skipTls05_tls12WrongKey_refusedAndNoRequest() throws Exception {
    start(false);
    String message = refused(PskTesting.client(server, IDENTITY, PskTesting.otherPsk(), TLS12,
        TlsProfile.TLS12_DHE_PSK));
    assertTrue(message.endsWith("failed: bad_record_mac")
        || message.endsWith("failed: decrypt_error"), message);
  }

  @Test
  void skipTls06_tls13WrongKey_decryptError() throws Exception {
    start(false);
    String message = refused(PskTesting.client(server, IDENTITY, PskTesting.otherPsk(), TLS13,
        CipherSuite.TLS_AES_256_GCM_SHA384));
    assertTrue(message.endsWith("failed: decrypt_error"), message);
  }

  @Test
  void skipTls06_tls13UnknownIdentity_unknownPskIdentity() throws Exception {
    start(false);
    String message = refused(PskTesting.client(server, "router-x", PskTesting.psk(), TLS13,
        CipherSuite.TLS_AES_256_GCM_SHA384));
    assertTrue(message.endsWith("failed: unknown_psk_identity"), message);
  }

  @Test
  void skipTls07_tls11Only_refusedWithProtocolVersion() throws Exception {
    start(false);
    String message = refused(PskTesting.client(server, IDENTITY, PskTesting.psk(),
        ProtocolVersion.TLSv11.only(), CipherSuite.TLS_DHE_PSK_WITH_AES_256_CBC_SHA));
    assertTrue(message.endsWith("failed: protocol_version"), message);
  }

  @Test
  void skipTls07_suitesOutsideTheProfile_refusedWithHandshakeFailure() throws Exception {
    start(false);
    for (int suite : new int[] {CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_DHE_PSK_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_PSK_WITH_NULL_SHA384}) {
      String message = refused(PskTesting.client(server, IDENTITY, PskTesting.psk(), TLS12,
          suite));
      assertTrue(message.endsWith("failed: handshake_failure"), message);
    }
    // TLS 1.3 with another suite: OpenSslSClientIT (our client will not pair a SHA-384 PSK
    // with a SHA-256 suite).
  }

  @Test
  void skipTls09_log_namesIdentityVersionSuiteAndRequestButNeverThePsk() throws Exception {
    start(false);
    try (LogLines log = new LogLines()) {
      PskTesting.client(server, TlsVersion.TLS_1_3).get("/key/abc?remoteSystemID=B");
      handler.requests.clear();
      refused(PskTesting.client(server, "router-x", PskTesting.psk(), TLS12,
          TlsProfile.TLS12_DHE_PSK));
      server.close(); // the connection threads have logged by now
      String all = String.join("\n", log.lines);
      assertTrue(all.contains("skip-tls connection remote=127.0.0.1:") && all.contains(
          "identity=router-a version=TLSv1.3 suite=TLS_AES_256_GCM_SHA384"), all);
      assertTrue(all.contains("identity=router-a method=GET path=/key/abc status=200"), all);
      assertTrue(all.contains("failed: sent unknown_psk_identity unknown identity "
          + "\"router-x\""), all);
      assertFalse(all.toLowerCase().contains(PSK_HEX.substring(0, 16)), all);
    }
  }
}
