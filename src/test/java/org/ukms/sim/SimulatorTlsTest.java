package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.kme.CertificateField;
import org.ukms.kme.TlsMaterial;
import org.ukms.testing.ManualClock;
import org.ukms.testing.SimHarness;
import org.ukms.testing.TestPki;

/** S-01 and S-02: TLS only with a required client certificate, SAE ID from the certificate. */
class SimulatorTlsTest {
  @TempDir Path dir;
  private final TestPki pki = new TestPki("sim");
  private KmeServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  KmeServer start(CertificateField field) throws IOException {
    HeldCertificate serverCert = pki.issue("localhost", "localhost");
    SimulatedKme store = new SimulatedKme(
        SimSettings.defaults(SimSettings.Mode.LINK, "kme-a", "kme-b"), SimHarness.SECRET,
        new ManualClock(Instant.parse("2030-01-01T00:00:00Z")), UUID::randomUUID);
    EtsiFrontEnd front = new EtsiFrontEnd(store, CallerIdentity.fromCertificate(field),
        a -> true, Faults.NONE, new ObjectMapper());
    server = KmeServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), front,
        TlsMaterial.serverContext(TestPki.writeCert(dir, serverCert),
            TestPki.writeKey(dir, serverCert), pki.writeCa(dir)), 16);
    return server;
  }

  OkHttpClient client(HeldCertificate clientCert) {
    HandshakeCertificates.Builder b = new HandshakeCertificates.Builder()
        .addTrustedCertificate(pki.ca.certificate());
    if (clientCert != null) {
      b.heldCertificate(clientCert);
    }
    HandshakeCertificates certs = b.build();
    return new OkHttpClient.Builder()
        .sslSocketFactory(certs.sslSocketFactory(), certs.trustManager()).build();
  }

  String url(String path) {
    return server.url().replace("127.0.0.1", "localhost") + path;
  }

  int status(OkHttpClient client, String path) throws IOException {
    try (Response r = client.newCall(new Request.Builder().url(url(path)).build()).execute()) {
      return r.code();
    }
  }

  String masterOf(OkHttpClient client, String slave) throws IOException {
    try (Response r = client.newCall(new Request.Builder()
        .url(url("/api/v1/keys/" + slave + "/status")).build()).execute()) {
      return new ObjectMapper().readTree(r.body().string()).get("master_SAE_ID").asText();
    }
  }

  @Test
  void s01_httpsOnly_handshakeWithoutClientCertificateFails() throws Exception {
    start(CertificateField.CN);

    assertThrows(IOException.class, () -> status(client(null), "/api/v1/keys/sae-b/status"));
    assertEquals(0, server.frontEnd().store().keysDelivered());
  }

  @Test
  void s01_clientCertificateFromAnotherCa_failsTheHandshake() throws Exception {
    start(CertificateField.CN);
    HeldCertificate stranger = new TestPki("other").issue("sae-a");

    assertThrows(IOException.class, () -> status(client(stranger), "/api/v1/keys/sae-b/status"));
  }

  @Test
  void s02_saeIdFromCommonName() throws Exception {
    start(CertificateField.CN);

    assertEquals("sae-a", masterOf(client(pki.issue("sae-a")), "sae-b"));
  }

  @Test
  void s02_certificateWithoutTheMappedField_is401() throws Exception {
    start(CertificateField.SAN_URI);
    HeldCertificate dnsOnly = new HeldCertificate.Builder().signedBy(pki.ca).commonName("sae-a")
        .addSubjectAlternativeName("sae-a.example").ecdsa256().build();

    assertEquals(401, status(client(dnsOnly), "/api/v1/keys/sae-b/status"));
    assertEquals(401, status(client(dnsOnly), "/api/v1/keys/sae-b/enc_keys"));
    assertEquals(0, server.frontEnd().store().keysDelivered());
  }

  @Test
  void s02_saeIdFromSanDns() throws Exception {
    start(CertificateField.SAN_DNS);
    HeldCertificate cert = new HeldCertificate.Builder().signedBy(pki.ca).commonName("ignored")
        .addSubjectAlternativeName("sae-a.example").ecdsa256().build();

    assertEquals("sae-a.example", masterOf(client(cert), "sae-b"));
  }

  @Test
  void s02_saeIdFromSerialNumber() throws Exception {
    start(CertificateField.SERIAL);
    HeldCertificate cert = new HeldCertificate.Builder().signedBy(pki.ca).commonName("x")
        .serialNumber(0x5ae1L).ecdsa256().build();

    assertEquals("5ae1", masterOf(client(cert), "sae-b"));
  }
}
