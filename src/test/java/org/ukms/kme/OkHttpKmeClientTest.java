package org.ukms.kme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.TlsVersion;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.EtsiMethod;
import org.ukms.config.KmeSettings;
import org.ukms.config.TlsFiles;
import org.ukms.core.KeyId;
import org.ukms.testing.TestPki;

/** The client items C-01..C-20 of etsi-014.md section 13.1, against MockWebServer. */
class OkHttpKmeClientTest {
  static final String ID1 = "11111111-2222-4333-8444-555555555555";
  static final String ID2 = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
  static final String KEY32 = Base64.getEncoder().encodeToString(new byte[] {
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
      17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
  static final String KEY32B = Base64.getEncoder().encodeToString(new byte[32]);
  static final String STATUS = "{\"source_KME_ID\":\"KME-A\",\"target_KME_ID\":\"KME-B\","
      + "\"master_SAE_ID\":\"SAE-A\",\"slave_SAE_ID\":\"SAE-B\",\"key_size\":256,"
      + "\"stored_key_count\":900,\"max_key_count\":1000,\"max_key_per_request\":16,"
      + "\"max_key_size\":1024,\"min_key_size\":64,\"max_SAE_ID_count\":0}";

  @TempDir Path dir;
  private final ObjectMapper mapper = new ObjectMapper();
  private final OkHttpClient shared = new OkHttpClient();
  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  // C-01, first half (plain http:// refused unless loopback or allowed): ConfigLoaderTest.
  @Test
  void c01_https_negotiatesTls12OrNewer() throws Exception {
    TestPki pki = new TestPki("kme");
    HeldCertificate serverCert = pki.issue("localhost", "localhost");
    server.useHttps(TestPki.server(serverCert, pki).sslSocketFactory());
    server.start();
    server.enqueue(json(200, STATUS));

    client(tls(pki, null), EtsiMethod.GET).status("SAE-B");

    TlsVersion version = server.takeRequest(5, TimeUnit.SECONDS).getHandshake().tlsVersion();
    assertTrue(version == TlsVersion.TLS_1_2 || version == TlsVersion.TLS_1_3, "" + version);
  }

  @Test
  void c02_clientCertificate_isPresentedForMutualTls() throws Exception {
    TestPki pki = new TestPki("kme");
    server.useHttps(TestPki.server(pki.issue("localhost", "localhost"), pki).sslSocketFactory());
    server.requireClientAuth();
    server.start();
    server.enqueue(json(200, STATUS));
    HeldCertificate sae = pki.issue("SAE-A");

    client(tls(pki, sae), EtsiMethod.GET).status("SAE-B");

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("CN=SAE-A", request.getHandshake().peerPrincipal().getName());
  }

  @Test
  void c03_kmeCertificateFromUnknownCa_failsClosed() throws Exception {
    TestPki kmePki = new TestPki("kme");
    TestPki otherPki = new TestPki("other");
    server.useHttps(TestPki.server(kmePki.issue("localhost", "localhost"), kmePki)
        .sslSocketFactory());
    server.start();

    KmeException e = assertThrows(KmeUnavailableException.class,
        () -> client(tls(otherPki, null), EtsiMethod.GET).status("SAE-B"));

    assertTrue(e.getMessage().contains("SSL"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void c04_kmeIdInTheConfiguredCertificateField_mustMatchBeforeAnyCall() throws Exception {
    TestPki pki = new TestPki("kme");
    server.useHttps(TestPki.server(pki.issue("kme-a", "localhost"), pki).sslSocketFactory());
    server.start();
    server.enqueue(json(200, STATUS));
    Path ca = pki.writeCa(dir);

    KmeStatus ok = client(ca, "kme-a", "cn").status("SAE-B");
    KmeUnavailableException wrong = assertThrows(KmeUnavailableException.class,
        () -> client(ca, "kme-b", "cn").status("SAE-B"));
    KmeUnavailableException absent = assertThrows(KmeUnavailableException.class,
        () -> client(ca, "kme-a", "san-uri").status("SAE-B"));

    assertEquals("KME-A", ok.sourceKmeId());
    assertTrue(wrong.getMessage().contains("the KME certificate's cn is \"kme-a\", expected "
        + "\"kme-b\" (etsi_kme_id)"), wrong.getMessage());
    assertTrue(absent.getMessage().contains("san-uri is absent"), absent.getMessage());
    assertEquals(1, server.getRequestCount(), "refused connections sent no request");
  }

  @Test
  void c04_kmeIdFromSanDns() throws Exception {
    TestPki pki = new TestPki("kme");
    server.useHttps(TestPki.server(pki.issue("x", "localhost"), pki).sslSocketFactory());
    server.start();
    server.enqueue(json(200, STATUS));

    assertEquals("KME-A", client(pki.writeCa(dir), "localhost", "san-dns").status("B")
        .sourceKmeId());
  }

  private KmeClient client(Path ca, String kmeId, String field) throws Exception {
    KmeSettings settings = new KmeSettings(URI.create(server.url("/").toString()),
        EtsiMethod.GET, new TlsFiles(ca, null, null), Duration.ofSeconds(2),
        Duration.ofSeconds(2), kmeId, field);
    return OkHttpKmeClient.create(settings, shared, mapper);
  }

  // C-04, host part: a certificate for another host name is refused (hostname verification).
  @Test
  void c04_kmeCertificateForAnotherName_isRefused() throws Exception {
    TestPki pki = new TestPki("kme");
    server.useHttps(TestPki.server(pki.issue("kme-b", "kme-b.example"), pki).sslSocketFactory());
    server.start();

    assertThrows(KmeUnavailableException.class,
        () -> client(tls(pki, null), EtsiMethod.GET).status("SAE-B"));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void c05_status_isAGetOnThePercentEncodedSlavePath() throws Exception {
    server.start();
    server.enqueue(json(200, STATUS));

    client(EtsiMethod.GET).status("SAE B/1");

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("GET", request.getMethod());
    assertEquals("/api/v1/keys/SAE%20B%2F1/status", request.getTarget());
    assertEquals(0, request.getBodySize());
  }

  @Test
  void c06_status_parsesAllElevenFieldsAndIgnoresExtensions() throws Exception {
    server.start();
    server.enqueue(json(200, STATUS.replace("}", ",\"status_extension\":{\"x\":1},\"new\":[]}")));

    KmeStatus s = client(EtsiMethod.GET).status("SAE-B");

    assertEquals(new KmeStatus("KME-A", "KME-B", "SAE-A", "SAE-B", 256, 900, 1000, 16, 1024, 64,
        0), s);
  }

  @Test
  void c06_statusMissingOrMistypedField_namesTheField() throws Exception {
    server.start();
    server.enqueue(json(200, STATUS.replace("\"max_SAE_ID_count\":0", "\"max_SAE_ID\":0")));
    server.enqueue(json(200, STATUS.replace("\"key_size\":256", "\"key_size\":\"256\"")));
    KmeClient client = client(EtsiMethod.GET);

    assertEquals("Status.max_SAE_ID_count: missing",
        assertThrows(KmeProtocolException.class, () -> client.status("SAE-B")).getMessage());
    assertEquals("Status.key_size: expected a non-negative integer",
        assertThrows(KmeProtocolException.class, () -> client.status("SAE-B")).getMessage());
  }

  @Test
  void c07_postEncKeys_sendsJsonNumberAndSizeInBits() throws Exception {
    server.start();
    server.enqueue(json(200, container(key(ID1, KEY32))));

    List<DeliveredKey> keys = client(EtsiMethod.POST).encKeys("SAE-B", 1, 256);

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("POST", request.getMethod());
    assertEquals("/api/v1/keys/SAE-B/enc_keys", request.getTarget());
    assertEquals("application/json; charset=utf-8", request.getHeaders().get("Content-Type"));
    JsonNode body = mapper.readTree(request.getBody().utf8());
    assertEquals(mapper.readTree("{\"number\":1,\"size\":256}"), body);
    assertEquals(ID1, keys.get(0).id().value());
    assertArrayEquals(Base64.getDecoder().decode(KEY32), keys.get(0).key().reveal());
  }

  @Test
  void c08_getEncKeys_putsOnlyNumberAndSizeInTheQuery() throws Exception {
    server.start();
    server.enqueue(json(200, container(key(ID1, KEY32))));

    client(EtsiMethod.GET).encKeys("SAE-B", 1, 256);

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("GET", request.getMethod());
    assertEquals("/api/v1/keys/SAE-B/enc_keys?number=1&size=256", request.getTarget());
  }

  @Test
  void c09_knownStatus_preventsOutOfRangeRequests() throws Exception {
    server.start();
    server.enqueue(json(200, STATUS.replace("\"max_key_per_request\":16",
        "\"max_key_per_request\":1").replace("\"min_key_size\":64", "\"min_key_size\":512")));
    KmeClient client = client(EtsiMethod.GET);
    client.status("SAE-B");

    KmeRejectedException tooMany =
        assertThrows(KmeRejectedException.class, () -> client.encKeys("SAE-B", 2, 512));
    KmeRejectedException tooSmall =
        assertThrows(KmeRejectedException.class, () -> client.encKeys("SAE-B", 1, 256));

    assertTrue(tooMany.getMessage().contains("max_key_per_request 1"), tooMany.getMessage());
    assertTrue(tooSmall.getMessage().contains("[512, 1024]"), tooSmall.getMessage());
    assertEquals(1, server.getRequestCount(), "only the status request went out");
  }

  @Test
  void c10_encKeysResponses_areValidatedStrictly() throws Exception {
    server.start();
    String url = "xDKyBNQERrXzECAWsfqPAboIN6_txNJRGyc43lE_UQY=";
    server.enqueue(json(200, container(key(ID1, KEY32), key(ID2, KEY32B))));
    server.enqueue(json(200, container(key("not-a-uuid", KEY32))));
    server.enqueue(json(200, container(key(ID1, url))));
    server.enqueue(json(200, container(key(ID1, Base64.getEncoder().encodeToString(new byte[16])))));
    server.enqueue(json(200, "{\"keys\":[{\"key_ID\":\"" + ID1 + "\"}]}"));
    server.enqueue(json(200, "{\"Keys\":[]}"));
    KmeClient client = client(EtsiMethod.GET);

    assertEquals("enc_keys: asked for 1 keys, got 2", message(() -> client.encKeys("S", 1, 256)));
    assertEquals("keys[0].key_ID: not a canonical UUID", message(() -> client.encKeys("S", 1, 256)));
    assertEquals("keys[0].key: not strict standard padded Base64",
        message(() -> client.encKeys("S", 1, 256)));
    assertEquals("keys[0].key: 128 bits, expected 256", message(() -> client.encKeys("S", 1, 256)));
    assertEquals("keys[0]: missing member \"key\"", message(() -> client.encKeys("S", 1, 256)));
    assertEquals("Key container: missing member \"keys\"",
        message(() -> client.encKeys("S", 1, 256)));
  }

  @Test
  void c11_decKeys_getFormForOneIdPostFormOtherwise() throws Exception {
    server.start();
    server.enqueue(json(200, container(key(ID1, KEY32))));
    server.enqueue(json(200, container(key(ID1, KEY32), key(ID2, KEY32B))));
    server.enqueue(json(200, container(key(ID1, KEY32))));

    client(EtsiMethod.GET).decKeys("SAE-A", List.of(new KeyId(ID1)));
    client(EtsiMethod.GET).decKeys("SAE-A", List.of(new KeyId(ID1), new KeyId(ID2)));
    client(EtsiMethod.POST).decKeys("SAE-A", List.of(new KeyId(ID1)));

    RecordedRequest get = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("GET /api/v1/keys/SAE-A/dec_keys?key_ID=" + ID1 + " HTTP/1.1",
        get.getRequestLine());
    for (int i = 0; i < 2; i++) {
      RecordedRequest post = server.takeRequest(5, TimeUnit.SECONDS);
      assertEquals("POST", post.getMethod());
      assertEquals("/api/v1/keys/SAE-A/dec_keys", post.getTarget());
      JsonNode body = mapper.readTree(post.getBody().utf8());
      assertEquals(ID1, body.get("key_IDs").get(0).get("key_ID").asText());
    }
  }

  @Test
  void c12_decKeysResponse_mustHoldExactlyTheRequestedIds() throws Exception {
    server.start();
    server.enqueue(json(200, container(key(ID2, KEY32))));
    server.enqueue(json(200, container(key(ID1, KEY32), key(ID1, KEY32))));
    server.enqueue(json(200, container(key(ID2, KEY32B), key(ID1.toUpperCase(), KEY32))));
    KmeClient client = client(EtsiMethod.POST);
    List<KeyId> one = List.of(new KeyId(ID1));
    List<KeyId> two = List.of(new KeyId(ID1), new KeyId(ID2));

    assertEquals("keys[0].key_ID: " + ID2 + " was not requested",
        message(() -> client.decKeys("SAE-A", one)));
    assertEquals("keys[1].key_ID: " + ID1 + " given twice",
        message(() -> client.decKeys("SAE-A", two)));
    List<DeliveredKey> ordered = client.decKeys("SAE-A", two);
    assertEquals(ID1.toUpperCase(), ordered.get(0).id().value(), "request order, any case");
    assertEquals(ID2, ordered.get(1).id().value());
  }

  /** C-10's size rule applied to dec_keys: each key is as long as the master asked for. */
  @Test
  void c12_decKeysKeyOfAnotherSize_isAProtocolErrorNamingIndexAndSizes() throws Exception {
    server.start();
    String key16 = Base64.getEncoder().encodeToString(new byte[] {
        9, 8, 7, 6, 5, 4, 3, 2, 1, 9, 8, 7, 6, 5, 4, 3});
    server.enqueue(json(200, container(key(ID1, KEY32), key(ID2, key16))));
    server.enqueue(json(200, container(key(ID1, key16))));
    server.enqueue(json(200, container(key(ID1, KEY32))));
    server.enqueue(json(200, container(key(ID1, key16))));
    KmeClient client = client(EtsiMethod.POST);
    List<KeyId> two = List.of(new KeyId(ID1), new KeyId(ID2));

    String message = assertThrows(KmeProtocolException.class,
        () -> client.decKeys("SAE-A", two)).getMessage();
    assertEquals("keys[1].key: 128 bits, expected 256", message);
    assertFalse(message.contains(key16) || message.contains(KEY32), "no key in the message");
    assertEquals("keys[0].key: 128 bits, expected 256",
        message(() -> client.decKeys("SAE-A", List.of(new KeyId(ID1)))), "KEY_BITS by default");
    assertEquals("keys[0].key: 256 bits, expected 512",
        message(() -> client.decKeys("SAE-A", List.of(new KeyId(ID1)), 512)));
    assertEquals(16, client.decKeys("SAE-A", List.of(new KeyId(ID1)), KmeClient.ANY_SIZE)
        .get(0).key().length(), "a uKMS master's size is not known");
  }

  @Test
  void c13_errorAnswers_areReportedWithTheirEtsiMessage() throws Exception {
    server.start();
    server.enqueue(json(400, "{\"message\":\"size shall be a multiple of 8\",\"details\":[{\"a\":1}]}"));
    server.enqueue(new MockResponse.Builder().code(401).build());
    server.enqueue(new MockResponse.Builder().code(404).body("<html>nope</html>").build());
    server.enqueue(new MockResponse.Builder().code(500).body("oops").build());
    KmeClient client = client(EtsiMethod.GET);

    KmeRejectedException bad = rejected(() -> client.encKeys("S", 1, 256));
    KmeRejectedException unauthorized = rejected(() -> client.encKeys("S", 1, 256));
    KmeRejectedException notFound = rejected(() -> client.encKeys("S", 1, 256));
    KmeRejectedException internal = rejected(() -> client.encKeys("S", 1, 256));

    assertEquals(400, bad.status());
    assertEquals("size shall be a multiple of 8", bad.etsiMessage());
    assertEquals("enc_keys at " + server.getHostName() + ":" + server.getPort()
        + " answered 400 \"size shall be a multiple of 8\"", bad.getMessage());
    assertEquals(401, unauthorized.status());
    assertNull(unauthorized.etsiMessage());
    assertEquals(404, notFound.status());
    assertEquals(500, internal.status());
  }

  @Test
  void c14_retryability_503AndOutagesAreTransient400And401AreNot() throws Exception {
    server.start();
    server.enqueue(json(503, "{\"message\":\"insufficient keys\"}"));
    server.enqueue(json(400, "{\"message\":\"bad\"}"));
    server.enqueue(new MockResponse.Builder().code(401).build());
    KmeClient client = client(EtsiMethod.GET);

    assertTrue(rejected(() -> client.encKeys("S", 1, 256)).isTransient());
    assertFalse(rejected(() -> client.encKeys("S", 1, 256)).isTransient());
    assertFalse(rejected(() -> client.encKeys("S", 1, 256)).isTransient());
    server.close();
    assertTrue(assertThrows(KmeUnavailableException.class,
        () -> client.encKeys("S", 1, 256)).isTransient());
    // How the daemon backs off on each: daemon.KmeFailurePolicyTest and core.BackoffTest.
  }

  @Test
  void c15_decKeysNotFound_isRecognisedAsAConsumedKey() throws Exception {
    server.start();
    server.enqueue(json(400, "{\"message\":\"one or more keys specified are not found on KME\"}"));

    KmeRejectedException e = rejected(
        () -> client(EtsiMethod.GET).decKeys("SAE-A", List.of(new KeyId(ID1))));

    assertTrue(e.keysNotFound());
    // The daemon abandons the key_ID and restarts with a new key: daemon.V1PeerSessionIT.
  }

  @Test
  void c16_readTimeout_isHonoured() throws Exception {
    server.start();
    server.enqueue(new MockResponse.Builder().code(200).body(container(key(ID1, KEY32)))
        .headersDelay(3, TimeUnit.SECONDS).build());
    KmeSettings settings = new KmeSettings(URI.create(server.url("/").toString()), EtsiMethod.GET,
        new TlsFiles(null, null, null), Duration.ofSeconds(1), Duration.ofMillis(200));
    KmeClient client = OkHttpKmeClient.create(settings, shared, mapper);

    KmeUnavailableException e =
        assertThrows(KmeUnavailableException.class, () -> client.encKeys("S", 1, 256));

    // OkHttp reports it as "timeout" or as the socket's "Read timed out": both are timeouts.
    assertTrue(e.getCause() instanceof java.io.InterruptedIOException, e.getMessage());
  }

  @Test
  void c17_keyBytes_neverAppearInErrors() throws Exception {
    server.start();
    String[] bodies = {
        container(key(ID1, KEY32), key(ID2, KEY32B)),
        container(key("bad", KEY32)),
        container(key(ID1, KEY32.substring(4))),
        "{\"keys\":[{\"key\":\"" + KEY32 + "\",\"key_ID\":\"" + ID1 + "\"}",
        "{\"message\":\"" + KEY32 + "\"}"};
    for (String body : bodies) {
      server.enqueue(json(200, body));
    }
    KmeClient client = client(EtsiMethod.GET);
    for (int i = 0; i < bodies.length; i++) {
      Exception e = assertThrows(Exception.class, () -> client.encKeys("S", 1, 256));
      assertFalse(e.getMessage().contains(KEY32), e.getMessage());
      assertFalse(e.getMessage().contains(KEY32.substring(4)), e.getMessage());
    }
  }

  // C-18: daemon.V1PeerSessionIT (installed PSKs zeroed) and core.V1PeerRotationTest (halves).

  @Test
  void c19_unknownMembersAndExtensions_areIgnored() throws Exception {
    server.start();
    server.enqueue(json(200, "{\"key_container_extension\":{\"a\":[1,{\"b\":2}]},\"keys\":[{"
        + "\"key_ID_extension\":{\"x\":1},\"key_ID\":\"" + ID1 + "\",\"key_extension\":[1,2],"
        + "\"key\":\"" + KEY32 + "\",\"vendor_thing\":null}],\"zzz\":true}"));

    List<DeliveredKey> keys = client(EtsiMethod.GET).encKeys("S", 1, 256);

    assertEquals(ID1, keys.get(0).id().value());
  }

  @Test
  void c20_saeIdInThePath_isThePeers() throws Exception {
    server.start();
    server.enqueue(json(200, STATUS));
    server.enqueue(json(200, container(key(ID1, KEY32))));
    server.enqueue(json(200, container(key(ID1, KEY32))));
    KmeClient client = client(EtsiMethod.GET);

    client.status("slave-sae");
    client.encKeys("slave-sae", 1, 256);
    client.decKeys("master-sae", List.of(new KeyId(ID1)));

    assertTrue(server.takeRequest().getTarget().startsWith("/api/v1/keys/slave-sae/status"));
    assertTrue(server.takeRequest().getTarget().startsWith("/api/v1/keys/slave-sae/enc_keys"));
    assertTrue(server.takeRequest().getTarget().startsWith("/api/v1/keys/master-sae/dec_keys"));
  }

  @Test
  void basePath_isKeptBeforeTheApiPath() throws Exception {
    server.start();
    server.enqueue(json(200, STATUS));
    KmeSettings settings = new KmeSettings(URI.create(server.url("/prefix").toString()),
        EtsiMethod.GET, new TlsFiles(null, null, null), Duration.ofSeconds(1), Duration.ofSeconds(1));

    OkHttpKmeClient.create(settings, shared, mapper).status("B");

    assertEquals("/prefix/api/v1/keys/B/status", server.takeRequest().getTarget());
  }

  @Test
  void oversizedBody_isRefused() throws Exception {
    server.start();
    server.enqueue(json(200, "{\"keys\":[],\"pad\":\"" + "x".repeat(1 << 20) + "\"}"));

    assertTrue(message(() -> client(EtsiMethod.GET).encKeys("S", 1, 256))
        .endsWith("body larger than 1048576 bytes"));
  }

  private KmeClient client(EtsiMethod method) throws Exception {
    return client(new TlsFiles(null, null, null), method);
  }

  private KmeClient client(TlsFiles tls, EtsiMethod method) throws Exception {
    String base = server.url("/").toString();
    KmeSettings settings = new KmeSettings(URI.create(base), method, tls, Duration.ofSeconds(2),
        Duration.ofSeconds(2));
    return OkHttpKmeClient.create(settings, shared, mapper);
  }

  private TlsFiles tls(TestPki trusted, HeldCertificate clientCert) {
    Path ca = trusted.writeCa(dir);
    if (clientCert == null) {
      return new TlsFiles(ca, null, null);
    }
    return new TlsFiles(ca, TestPki.writeCert(dir, clientCert), TestPki.writeKey(dir, clientCert));
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json")
        .body(body).build();
  }

  static String key(String id, String key) {
    return "{\"key_ID\":\"" + id + "\",\"key\":\"" + key + "\"}";
  }

  static String container(String... keys) {
    return "{\"keys\":[" + String.join(",", keys) + "]}";
  }

  private static String message(org.junit.jupiter.api.function.Executable call) {
    return assertThrows(RuntimeException.class, call).getMessage();
  }

  private static KmeRejectedException rejected(org.junit.jupiter.api.function.Executable call) {
    return assertThrows(KmeRejectedException.class, call);
  }
}
