package org.ukms.tlspsk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.ukms.tlspsk.PskTesting.IDENTITY;
import static org.ukms.tlspsk.PskTesting.PSK_HEX;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ukms.testing.OpenSsl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.tlspsk.PskTesting.Recording;

/**
 * An independent client: OpenSSL's {@code s_client} against our server, TLS 1.2 DHE-PSK with
 * {@code -psk} and TLS 1.3 with a SHA-384 external PSK. For TLS 1.3, {@code -psk} alone builds a
 * TLS_AES_128_GCM_SHA256 (SHA-256) PSK session, which cannot test our SHA-384 PSK; instead we
 * write a {@code -psk_session} file, an SSL_SESSION (ssl/ssl_asn1.c) whose cipher is
 * TLS_AES_256_GCM_SHA384 and whose master key is the PSK; s_client then offers it under the
 * {@code -psk_identity} name (apps/s_client.c, psk_use_session_cb). Test PSKs only: {@code -psk}
 * puts the key in argv.
 */
class OpenSslSClientIT {
  private static final String REQUEST =
      "GET /x?remoteSystemID=B HTTP/1.1\r\nHost: kp\r\nConnection: close\r\n\r\n";
  private static final String ANSWER = "{\"path\":\"/x\",\"identity\":\"router-a\"}";

  @TempDir Path dir;
  private final Recording handler = new Recording();
  private PskHttpServer server;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(OpenSsl.onPath("openssl"), "openssl is not installed: s_client interop skipped "
        + "(apt-get install openssl)");
    server = PskTesting.server(handler, PskServerSettings.DEFAULT);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Exit code and stdout+stderr of s_client with {@code args}, the request on its stdin. */
  private Result sClient(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect",
        "127.0.0.1:" + server.port(), "-ign_eof", "-no_ticket"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(REQUEST.getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      // s_client gave up before reading its input (a refused handshake)
    }
    boolean done = p.waitFor(20, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    assertTrue(done, "s_client still running after 20 s");
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8));
  }

  private record Result(int code, String output) {
    void served(String suite) {
      assertEquals(0, code, output);
      assertTrue(output.contains("Cipher is " + suite), output);
      assertTrue(output.contains("HTTP/1.1 200 OK\r\n") && output.contains(ANSWER), output);
    }
  }

  private Result tls12(String cipher, String identity) throws Exception {
    return sClient("-tls1_2", "-cipher", cipher, "-psk", PSK_HEX, "-psk_identity", identity);
  }

  @Test
  void skipTls02_opensslTls12DhePskAes256CbcSha384_served() throws Exception {
    tls12("DHE-PSK-AES256-CBC-SHA384", IDENTITY).served("DHE-PSK-AES256-CBC-SHA384");
    assertEquals(IDENTITY, handler.requests.get(0).pskIdentity());
  }

  @Test
  void skipTls03_opensslTls12DhePskAes256CbcSha_served() throws Exception {
    tls12("DHE-PSK-AES256-CBC-SHA", IDENTITY).served("DHE-PSK-AES256-CBC-SHA");
  }

  @Test
  void skipTls04_opensslTls12DhePskAes256Gcm_served() throws Exception {
    tls12("DHE-PSK-AES256-GCM-SHA384", IDENTITY).served("DHE-PSK-AES256-GCM-SHA384");
  }

  @Test
  void skipTls05_opensslUnknownIdentity_alert115AndNoRequest() throws Exception {
    Result r = tls12("DHE-PSK-AES256-GCM-SHA384", "router-x");
    assertNotEquals(0, r.code(), r.output());
    assertTrue(r.output().contains("alert number 115")
        || r.output().contains("unknown psk identity"), r.output());
    assertEquals(List.of(), handler.requests);
  }

  @Test
  void skipTls07_opensslPlainPskAndTls11_refused() throws Exception {
    Result plain = tls12("PSK-AES256-GCM-SHA384", IDENTITY);
    assertNotEquals(0, plain.code(), plain.output());
    assertTrue(plain.output().contains("alert handshake failure"), plain.output());
    Result old = sClient("-tls1_1", "-cipher", "DHE-PSK-AES256-CBC-SHA@SECLEVEL=0", "-psk",
        PSK_HEX, "-psk_identity", IDENTITY);
    assertNotEquals(0, old.code(), old.output());
    assertTrue(old.output().contains("alert protocol version"), old.output());
    assertEquals(List.of(), handler.requests);
  }

  @Test
  void skipTls01_skipTls06_opensslTls13Sha384ExternalPsk_servedWithoutCertificate()
      throws Exception {
    Result r = sClient("-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384", "-psk_identity",
        IDENTITY, "-psk_session", OpenSsl.session(dir, PSK_HEX).toString());
    r.served("TLS_AES_256_GCM_SHA384");
    assertTrue(r.output().contains("no peer certificate available"), r.output());
    assertEquals(IDENTITY, handler.requests.get(0).pskIdentity());
  }

  @Test
  void skipTls06_opensslTls13WrongKey_decryptError() throws Exception {
    String wrong = PSK_HEX.replace('0', '1');
    Result r = sClient("-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384", "-psk_identity",
        IDENTITY, "-psk_session", OpenSsl.session(dir, wrong).toString());
    assertNotEquals(0, r.code(), r.output());
    assertTrue(r.output().contains("alert decrypt error"), r.output());
    assertEquals(List.of(), handler.requests);
  }

  @Test
  void skipTls07_opensslWithoutPsk_refusedInBothVersions() throws Exception {
    for (String version : new String[] {"-tls1_3", "-tls1_2"}) {
      Result r = sClient(version);
      assertNotEquals(0, r.code(), r.output());
      assertTrue(r.output().contains("alert handshake failure"), version + ": " + r.output());
    }
    assertEquals(List.of(), handler.requests);
  }

  @Test
  void skipTls07_opensslTls13Sha256Suite_refused() throws Exception {
    Result r = sClient("-tls1_3", "-ciphersuites", "TLS_AES_128_GCM_SHA256", "-psk", PSK_HEX,
        "-psk_identity", IDENTITY);
    assertNotEquals(0, r.code(), r.output());
    assertTrue(r.output().contains("alert handshake failure"), r.output());
    assertEquals(List.of(), handler.requests);
  }
}
