package org.ukms.tlspsk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.ukms.tlspsk.PskTesting.IDENTITY;
import static org.ukms.tlspsk.PskTesting.PSK_HEX;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ukms.testing.FreePorts;
import org.ukms.testing.OpenSsl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our client against an independent server: OpenSSL's {@code s_server -www} (which answers any
 * GET with a status page naming the negotiated cipher), TLS 1.2 DHE-PSK and TLS 1.3 with a
 * SHA-384 external PSK from a {@code -psk_session} file (see {@link OpenSsl#session}).
 */
class OpenSslSServerIT {
  @TempDir Path dir;
  private Process server;
  private int port;

  @BeforeEach
  void check() throws Exception {
    assumeTrue(OpenSsl.onPath("openssl"), "openssl is not installed: s_server interop skipped "
        + "(apt-get install openssl)");
    port = FreePorts.next();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.destroyForcibly();
    }
  }

  /** Starts s_server with {@code args} and waits for its ACCEPT line. */
  private void start(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl", "s_server", "-accept",
        "127.0.0.1:" + port, "-nocert", "-www", "-psk_identity", IDENTITY));
    command.addAll(List.of(args));
    server = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
        StandardCharsets.UTF_8));
    for (String line = out.readLine(); !"ACCEPT".equals(line); line = out.readLine()) {
      assertNotNull(line, "s_server ended before accepting");
    }
  }

  private static String body(PskHttpReply reply) {
    assertEquals(200, reply.status());
    return new String(reply.body(), StandardCharsets.UTF_8);
  }

  @Test
  void skipTls04_ourTls12Client_opensslServerNegotiatesDhePskGcm() throws Exception {
    start("-tls1_2", "-psk", PSK_HEX, "-cipher", "DHE-PSK-AES256-GCM-SHA384");
    PskHttpClient client = PskHttpClient.of("127.0.0.1", port, IDENTITY, PskTesting.psk(),
        TlsVersion.TLS_1_2);
    String page = body(client.get("/"));
    assertTrue(page.contains("TLSv1.2, Cipher is DHE-PSK-AES256-GCM-SHA384"), page);
  }

  @Test
  void skipTls01_ourTls13Client_opensslServerAcceptsTheSha384ExternalPsk() throws Exception {
    start("-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384", "-psk_session",
        OpenSsl.session(dir, PSK_HEX).toString());
    PskHttpClient client = PskHttpClient.of("127.0.0.1", port, IDENTITY, PskTesting.psk(),
        TlsVersion.TLS_1_3);
    String page = body(client.get("/"));
    // OpenSSL reports a PSK handshake as "Reused"; no certificate was used.
    assertTrue(page.contains("TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384"), page);
  }

  @Test
  void skipTls06_ourTls13ClientWithAnotherKey_opensslRefusesTheBinder() throws Exception {
    start("-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384", "-psk_session",
        OpenSsl.session(dir, PSK_HEX).toString());
    PskHttpClient client = PskHttpClient.of("127.0.0.1", port, IDENTITY, PskTesting.otherPsk(),
        TlsVersion.TLS_1_3);
    PskHttpException e = assertThrows(PskHttpException.class, () -> client.get("/"));
    // OpenSSL 3.0 answers a bad binder with illegal_parameter (our server: decrypt_error).
    assertEquals("handshake with 127.0.0.1:" + port + " failed: illegal_parameter",
        e.getMessage());
  }
}
