package org.ukms.etsi004;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ukms.testing.ManualClock;

/**
 * {@link Etsi004Client} over {@link OkHttpRestBinding} against MockWebServer: what goes on the
 * wire, and how the client treats answers that are wrong in each way the REST binding allows
 * (wrong key length, another index, unknown status, HTTP errors, oversized bodies).
 */
class OkHttpRestBindingTest {
  private static final String KSID = "123e4567-e89b-12d3-a456-426614174000";
  private static final String KEY32 = Base64.getEncoder().encodeToString(new byte[32]);
  private static final Qos QOS = Qos.wireGuard(5000, 3600);

  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final ObjectMapper mapper = new ObjectMapper();
  private MockWebServer server;
  private Etsi004Client client;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    client = new Etsi004Client(OkHttpRestBinding.create(new OkHttpClient(), "127.0.0.1",
        server.getPort(), null, QOS, mapper), clock);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json")
        .body(body).build();
  }

  KeyStream open() throws Exception {
    server.enqueue(json(200, "{\"status\":0,\"key_stream_ID\":\"" + KSID + "\"}"));
    KeyStream s = client.open("wgrot://a", "wgrot://b", QOS, KeyStreamId.NULL);
    server.takeRequest(5, TimeUnit.SECONDS);
    return s;
  }

  @Test
  void threeCalls_postJsonToTheQkdModulePaths() throws Exception {
    KeyStream s = open();
    server.enqueue(json(200, "{\"status\":0,\"indexes\":[0],\"keys\":[\"" + KEY32 + "\"],"
        + "\"metadata\":{\"age\":3,\"hops\":1}}"));
    DeliveredKey key = client.getKey(s);
    server.enqueue(json(200, "{\"status\":0}"));
    assertEquals(Status.SUCCESSFUL, client.close(s));

    RecordedRequest get = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("POST", get.getMethod());
    assertEquals("/api/v1/qkdm/actions/get_key", get.getTarget());
    assertTrue(get.getHeaders().get("Content-Type").startsWith("application/json"));
    assertEquals("{\"key_stream_ID\":\"" + KSID + "\",\"indexes\":[0],\"metadata\":{\"size\":"
        + "1024}}", get.getBody().utf8());
    assertEquals("/api/v1/qkdm/actions/close", server.takeRequest(5, TimeUnit.SECONDS)
        .getTarget());
    assertEquals(32, key.key().length());
    assertEquals(3, KeyMetadata.parse(key.metadata()).ageMs().getAsLong());
  }

  @Test
  void wrongKeyLength_isFatal_andTheIndexIsNotReused() throws Exception {
    KeyStream s = open();
    server.enqueue(json(200, "{\"status\":0,\"indexes\":[0],\"keys\":[\""
        + Base64.getEncoder().encodeToString(new byte[16]) + "\"]}"));
    var e = assertThrows(Etsi004Exception.class, () -> client.getKey(s));
    assertFalse(e.isTransient());
    assertEquals("GET_KEY " + KSID + " index 0: key buffer of 16 bytes, expected "
        + "key_chunk_size 32", e.getMessage());
  }

  @Test
  void answerForAnotherIndex_isRefused_andTheAskedIndexPassedOver() throws Exception {
    KeyStream s = open();
    server.enqueue(json(200, "{\"status\":0,\"indexes\":[3141592653],\"keys\":[\"" + KEY32
        + "\"]}"));
    var e = assertThrows(Etsi004Exception.class, () -> client.getKey(s));
    assertEquals("GET_KEY " + KSID + " index 0: the KM answered for index 3141592653",
        e.getMessage());
    assertFalse(e.isTransient());
    assertEquals(1, s.nextIndex());
  }

  @Test
  void unknownStatus_isAFatalGenericError() throws Exception {
    KeyStream s = open();
    server.enqueue(json(503, "{\"status\":12,\"message\":\"Module already initialized\"}"));
    var e = assertThrows(Etsi004Exception.class, () -> client.getKey(s));
    assertFalse(e.isTransient());
    assertEquals(new Status(12), e.status().orElseThrow());
    assertEquals("GET_KEY " + KSID + " index 0: status 12 (non_standard)", e.getMessage());
  }

  @Test
  void status2_isTransient_andKeepsTheIndex() throws Exception {
    KeyStream s = open();
    server.enqueue(json(503, "{\"status\":2,\"message\":\"insufficient key\"}"));
    assertTrue(assertThrows(Etsi004Exception.class, () -> client.getKey(s)).isTransient());
    assertEquals(0, s.nextIndex());
  }

  @Test
  void status8_retriesTheSameIndex_withTheBiggerBuffer() throws Exception {
    KeyStream s = open();
    server.enqueue(json(503, "{\"status\":8,\"message\":\"m\",\"metadata_size\":4096}"));
    server.enqueue(json(200, "{\"status\":0,\"indexes\":[0],\"keys\":[\"" + KEY32 + "\"]}"));
    assertEquals(0, client.getKey(s).index());
    server.takeRequest(5, TimeUnit.SECONDS);
    assertTrue(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()
        .endsWith("\"indexes\":[0],\"metadata\":{\"size\":4096}}"));
  }

  @Test
  void http502_isUnreachable_transient() throws Exception {
    KeyStream s = open();
    server.enqueue(new MockResponse.Builder().code(502).body("<html>bad gateway</html>").build());
    var e = assertThrows(Etsi004Exception.class, () -> client.getKey(s));
    assertTrue(e.isTransient());
    assertEquals("GET_KEY " + KSID + " index 0: KM unreachable: HTTP 502 from 127.0.0.1:"
        + server.getPort(), e.getMessage());
    assertEquals(1, s.nextIndex(), "the KM may have spent the index");
  }

  @Test
  void http400_breaksTheBinding() throws Exception {
    server.enqueue(json(400, "{\"message\":\"bad request: request does not contains a valid "
        + "json object\"}"));
    var e = assertThrows(Etsi004ProtocolException.class,
        () -> client.open("wgrot://a", "wgrot://b", QOS, KeyStreamId.NULL));
    assertEquals("ETSI 004 REST open_connect answer: HTTP 400, the KM refused our request "
        + "\"bad request: request does not contains a valid json object\"", e.getMessage());
  }

  @Test
  void oversizedAnswer_isRefusedWithoutReadingIt() throws Exception {
    server.enqueue(json(200, "{\"status\":0,\"pad\":\"" + "x".repeat(RestCodec.MAX_BODY)
        + "\"}"));
    var e = assertThrows(Etsi004ProtocolException.class,
        () -> client.open("wgrot://a", "wgrot://b", QOS, KeyStreamId.NULL));
    assertEquals("ETSI 004 REST open_connect answer: body larger than 262144 bytes",
        e.getMessage());
  }

  @Test
  void plainHttp_toANonLoopbackHost_isRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> OkHttpRestBinding.create(
        new OkHttpClient(), "192.0.2.1", 443, null, QOS, mapper));
    assertEquals("plain HTTP to a non-loopback key manager is refused: 192.0.2.1",
        e.getMessage());
    assertEquals("http://localhost:1/", OkHttpRestBinding.create(new OkHttpClient(),
        "localhost", 1, null, QOS, mapper).base().toString());
  }

  @Test
  void e004Tls02_readTimeout_isLongerThanTheQosTimeout() {
    assertEquals(10_000, OkHttpRestBinding.create(new OkHttpClient(), "127.0.0.1", 1, null,
        QOS, mapper).readTimeoutMillis());
  }
}
