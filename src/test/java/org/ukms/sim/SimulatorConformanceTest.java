package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ukms.testing.LogCapture;
import org.ukms.testing.ManualClock;
import org.ukms.testing.SimHarness;

/**
 * The simulator items S-03..S-30 of etsi-014.md section 13.2 (S-01 and S-02 need TLS:
 * SimulatorTlsTest), against two linked ends on loopback: A serves SAE "sae-a", B serves
 * "sae-b", both hold the same link secret and share nothing else.
 */
class SimulatorConformanceTest {
  static final MediaType JSON = MediaType.get("application/json");
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final OkHttpClient http = new OkHttpClient();
  private final ObjectMapper mapper = new ObjectMapper();
  private final List<KmeServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(KmeServer::close);
  }

  KmeServer end(String sae, SimSettings settings) {
    return end(sae, settings, Faults.NONE);
  }

  KmeServer end(String sae, SimSettings settings, Faults faults) {
    KmeServer s = SimHarness.plain(settings, sae, clock, faults);
    servers.add(s);
    return s;
  }

  static SimSettings settings() {
    return SimSettings.defaults(SimSettings.Mode.LINK, "kme-a", "kme-b");
  }

  record Answer(int code, String contentType, JsonNode body) {
    String message() {
      return body == null ? null : body.path("message").asText(null);
    }
  }

  Answer get(KmeServer s, String path) throws IOException {
    return call(new Request.Builder().url(s.url() + path).get().build());
  }

  Answer post(KmeServer s, String path, String json) throws IOException {
    return call(new Request.Builder().url(s.url() + path)
        .post(RequestBody.create(json, JSON)).build());
  }

  Answer call(Request request) throws IOException {
    try (Response r = http.newCall(request).execute()) {
      String text = r.body().string();
      JsonNode body = text.isEmpty() ? null : mapper.readTree(text);
      return new Answer(r.code(), r.header("Content-Type"), body);
    }
  }

  static String keyIds(String... ids) {
    StringBuilder out = new StringBuilder("{\"key_IDs\":[");
    for (int i = 0; i < ids.length; i++) {
      out.append(i == 0 ? "" : ",").append("{\"key_ID\":\"").append(ids[i]).append("\"}");
    }
    return out.append("]}").toString();
  }

  static List<String> ids(Answer a) {
    List<String> out = new ArrayList<>();
    a.body().get("keys").forEach(k -> out.add(k.get("key_ID").asText()));
    return out;
  }

  static List<byte[]> keys(Answer a) {
    List<byte[]> out = new ArrayList<>();
    a.body().get("keys").forEach(k -> out.add(Base64.getDecoder().decode(k.get("key").asText())));
    return out;
  }

  int stored(KmeServer s, String slave) throws IOException {
    return get(s, "/api/v1/keys/" + slave + "/status").body().get("stored_key_count").asInt();
  }

  @Test
  void s03_status_hasAllElevenFieldsWithCallerAndPathRoles() throws Exception {
    KmeServer a = end("sae-a", settings());

    Answer s = get(a, "/api/v1/keys/sae-b/status");

    assertEquals(200, s.code());
    JsonNode b = s.body();
    assertEquals("kme-a", b.get("source_KME_ID").asText());
    assertEquals("kme-b", b.get("target_KME_ID").asText());
    assertEquals("sae-a", b.get("master_SAE_ID").asText());
    assertEquals("sae-b", b.get("slave_SAE_ID").asText());
    for (String f : List.of("key_size", "stored_key_count", "max_key_count", "max_key_per_request",
        "max_key_size", "min_key_size", "max_SAE_ID_count")) {
      assertTrue(b.get(f).isInt(), f);
    }
    assertEquals(1000, b.get("stored_key_count").asInt());
    assertEquals(0, b.get("max_SAE_ID_count").asInt());
  }

  @Test
  void s04_everyAnswerIsJson() throws Exception {
    KmeServer a = end("sae-a", settings());

    for (Answer x : List.of(get(a, "/api/v1/keys/sae-b/status"),
        get(a, "/api/v1/keys/sae-b/enc_keys?number=0"), get(a, "/api/v1/keys/sae-b/nope"),
        post(a, "/api/v1/keys/sae-b/status", "{}"))) {
      assertEquals("application/json", x.contentType());
      assertTrue(x.body().isObject());
    }
  }

  @Test
  void s05_emptyPostAndBareGet_giveOneKeyOfDefaultSize() throws Exception {
    KmeServer a = end("sae-a", settings());

    for (Answer x : List.of(post(a, "/api/v1/keys/sae-b/enc_keys", "{}"),
        get(a, "/api/v1/keys/sae-b/enc_keys"))) {
      assertEquals(200, x.code());
      assertEquals(1, keys(x).size());
      assertEquals(32, keys(x).get(0).length);
    }
  }

  @Test
  void s06_numberAndSizeByGet() throws Exception {
    KmeServer a = end("sae-a", settings());

    Answer x = get(a, "/api/v1/keys/sae-b/enc_keys?number=3&size=1024");

    assertEquals(3, keys(x).size());
    keys(x).forEach(k -> assertEquals(128, k.length));
  }

  @Test
  void s07_numberOutOfRange_is400() throws Exception {
    KmeServer a = end("sae-a", settings());

    assertEquals("number must be between 1 and 16",
        get(a, "/api/v1/keys/sae-b/enc_keys?number=0").message());
    assertEquals(400, post(a, "/api/v1/keys/sae-b/enc_keys", "{\"number\":17}").code());
  }

  @Test
  void s08_sizeOutOfRangeOrNotAMultipleOf8_is400() throws Exception {
    KmeServer a = end("sae-a", settings());

    assertEquals("size shall be a multiple of 8",
        post(a, "/api/v1/keys/sae-b/enc_keys", "{\"size\":260}").message());
    assertEquals("size must be between 64 and 1024",
        get(a, "/api/v1/keys/sae-b/enc_keys?size=32").message());
    assertEquals(400, get(a, "/api/v1/keys/sae-b/enc_keys?size=2048").code());
  }

  @Test
  void s09_malformedJsonOrWrongTypes_is400NeverDefaults() throws Exception {
    KmeServer a = end("sae-a", settings());

    assertEquals("malformed JSON body", post(a, "/api/v1/keys/sae-b/enc_keys", "{").message());
    assertEquals("number must be a non-negative integer",
        post(a, "/api/v1/keys/sae-b/enc_keys", "{\"number\":\"x\"}").message());
    assertEquals("size must be a non-negative integer",
        post(a, "/api/v1/keys/sae-b/enc_keys", "{\"size\":25.5}").message());
    assertEquals(400, post(a, "/api/v1/keys/sae-b/enc_keys", "[]").code());
    assertEquals(400, get(a, "/api/v1/keys/sae-b/enc_keys?number=x").code());
    assertEquals(1000, stored(a, "sae-b"));
  }

  @Test
  void s10_unsupportedMandatoryExtension_is400NamingIt() throws Exception {
    KmeServer a = end("sae-a", settings());

    Answer x = post(a, "/api/v1/keys/sae-b/enc_keys",
        "{\"extension_mandatory\":[{\"abc_route_type\":\"direct\"}]}");

    assertEquals(400, x.code());
    assertEquals("not all extension_mandatory parameters are supported", x.message());
    assertEquals("abc_route_type not supported",
        x.body().get("details").get(0).get("extension_mandatory_unsupported").asText());
  }

  @Test
  void s11_optionalExtension_isIgnoredOrConfigurablyRefused() throws Exception {
    KmeServer lenient = end("sae-a", settings());
    KmeServer strict = end("sae-a", settings().withStatuses(503, 401, true));
    String body = "{\"extension_optional\":[{\"abc_max_age\":30000}]}";

    assertEquals(200, post(lenient, "/api/v1/keys/sae-b/enc_keys", body).code());
    assertEquals("not all extension_optional request options handled",
        post(strict, "/api/v1/keys/sae-b/enc_keys", body).message());
  }

  @Test
  void s12_additionalSlaves_beyondMaxSaeIdCount_is400() throws Exception {
    KmeServer a = end("sae-a", settings());

    Answer x = post(a, "/api/v1/keys/sae-b/enc_keys",
        "{\"additional_slave_SAE_IDs\":[\"sae-c\"]}");

    assertEquals(400, x.code());
    assertEquals(200, post(a, "/api/v1/keys/sae-b/enc_keys",
        "{\"additional_slave_SAE_IDs\":[]}").code());
  }

  @Test
  void s13_keyIdsAreCanonicalAndUniqueKeysDistinct() throws Exception {
    KmeServer a = end("sae-a", settings());
    Set<String> ids = new HashSet<>();
    Set<String> keys = new HashSet<>();

    for (int i = 0; i < 20; i++) {
      Answer x = get(a, "/api/v1/keys/sae-b/enc_keys?number=16");
      ids.addAll(ids(x));
      keys(x).forEach(k -> keys.add(Base64.getEncoder().encodeToString(k)));
    }

    assertEquals(320, ids.size());
    assertEquals(320, keys.size());
    ids.forEach(id -> assertTrue(
        id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), id));
  }

  @Test
  void s14_deliveredKeysLeaveThePool() throws Exception {
    KmeServer a = end("sae-a", settings());

    get(a, "/api/v1/keys/sae-b/enc_keys?number=5");
    get(a, "/api/v1/keys/sae-b/enc_keys?number=2&size=512");

    assertEquals(1000 - 5 - 4, stored(a, "sae-b"));
  }

  @Test
  void s15_exhaustedPool_is503AndDeliversNothing_codeConfigurable() throws Exception {
    KmeServer a = end("sae-a", settings().withPool(3, 0));
    KmeServer a400 = end("sae-a", settings().withPool(3, 0).withStatuses(400, 401, false));

    Answer x = get(a, "/api/v1/keys/sae-b/enc_keys?number=4");

    assertEquals(503, x.code());
    assertEquals("insufficient keys", x.message());
    assertEquals(3, stored(a, "sae-b"));
    assertEquals(400, get(a400, "/api/v1/keys/sae-b/enc_keys?number=4").code());
  }

  @Test
  void s16_s25_slaveFetchesTheSameBytesAtTheOtherEnd_inRequestOrder() throws Exception {
    KmeServer a = end("sae-a", settings());
    KmeServer b = end("sae-b", settings());
    Answer enc = get(a, "/api/v1/keys/sae-b/enc_keys?number=3");
    List<String> ids = ids(enc);

    Answer dec = post(b, "/api/v1/keys/sae-a/dec_keys",
        keyIds(ids.get(2), ids.get(0), ids.get(1)));

    assertEquals(200, dec.code());
    assertEquals(List.of(ids.get(2), ids.get(0), ids.get(1)), ids(dec));
    assertArrayEquals(keys(enc).get(2), keys(dec).get(0));
    assertArrayEquals(keys(enc).get(0), keys(dec).get(1));
  }

  @Test
  void s17_s18_getFormWorksOnceThenNotFound() throws Exception {
    KmeServer a = end("sae-a", settings());
    KmeServer b = end("sae-b", settings());
    Answer enc = get(a, "/api/v1/keys/sae-b/enc_keys");
    String id = ids(enc).get(0);

    Answer first = get(b, "/api/v1/keys/sae-a/dec_keys?key_ID=" + id);
    Answer second = get(b, "/api/v1/keys/sae-a/dec_keys?key_ID=" + id);

    assertArrayEquals(keys(enc).get(0), keys(first).get(0));
    assertEquals(400, second.code());
    assertEquals("one or more keys specified are not found on KME", second.message());
  }

  @Test
  void s19_anyUnknownId_is400AndConsumesNone() throws Exception {
    KmeServer a = end("sae-a", settings());
    KmeServer b = end("sae-b", settings());
    String id = ids(get(a, "/api/v1/keys/sae-b/enc_keys")).get(0);

    Answer x = post(b, "/api/v1/keys/sae-a/dec_keys", keyIds(id, UUID.randomUUID().toString()));

    assertEquals(400, x.code());
    assertEquals("one or more keys specified are not found on KME", x.message());
    assertEquals(200, post(b, "/api/v1/keys/sae-a/dec_keys", keyIds(id)).code());
  }

  @Test
  void s20_callerNotTheSlave_is401AndConsumesNothing() throws Exception {
    KmeServer a = end("sae-a", settings());
    KmeServer b = end("sae-b", settings());
    KmeServer c = end("sae-c", settings());
    String id = ids(get(a, "/api/v1/keys/sae-b/enc_keys")).get(0);

    assertEquals(401, post(c, "/api/v1/keys/sae-a/dec_keys", keyIds(id)).code());
    assertEquals(200, post(b, "/api/v1/keys/sae-a/dec_keys", keyIds(id)).code());
  }

  @Test
  void s21_wrongMasterInPath_is401ByDefault400IfConfigured() throws Exception {
    KmeServer a = end("sae-a", settings());
    KmeServer b = end("sae-b", settings());
    KmeServer b400 = end("sae-b", settings().withStatuses(503, 400, false));
    String id = ids(get(a, "/api/v1/keys/sae-b/enc_keys")).get(0);

    assertEquals(401, post(b, "/api/v1/keys/sae-x/dec_keys", keyIds(id)).code());
    assertEquals(400, post(b400, "/api/v1/keys/sae-x/dec_keys", keyIds(id)).code());
    assertEquals(200, post(b, "/api/v1/keys/sae-a/dec_keys", keyIds(id)).code());
  }

  @Test
  void s22_badGetDecKeys_is400() throws Exception {
    KmeServer b = end("sae-b", settings());
    String u1 = UUID.randomUUID().toString();

    assertEquals("GET dec_keys needs exactly one key_ID, found 0",
        get(b, "/api/v1/keys/sae-a/dec_keys").message());
    assertEquals(400,
        get(b, "/api/v1/keys/sae-a/dec_keys?key_ID=" + u1 + "&key_ID=" + u1).code());
    assertEquals("key_ID is not a canonical UUID: 12345",
        get(b, "/api/v1/keys/sae-a/dec_keys?key_ID=12345").message());
  }

  @Test
  void s23_unknownRoute404_wrongMethod405() throws Exception {
    KmeServer a = end("sae-a", settings());

    assertEquals(404, get(a, "/api/v1/keys/sae-b/keys").code());
    assertEquals(404, get(a, "/api/v2/keys/sae-b/status").code());
    assertEquals(405, post(a, "/api/v1/keys/sae-b/status", "{}").code());
    assertEquals(405, call(new Request.Builder().url(a.url() + "/api/v1/keys/sae-b/enc_keys")
        .put(RequestBody.create("{}", JSON)).build()).code());
  }

  @Test
  void s24_poolIsPerPairCappedAndRefillsAtTheRate() throws Exception {
    KmeServer a = end("sae-a", settings().withPool(10, 256));

    get(a, "/api/v1/keys/sae-b/enc_keys?number=10");
    assertEquals(0, stored(a, "sae-b"));
    assertEquals(10, stored(a, "sae-c"), "another pair has its own pool");
    clock.advance(Duration.ofSeconds(3));
    assertEquals(3, stored(a, "sae-b"), "256 bit/s refills one 256-bit key per second");
    clock.advance(Duration.ofSeconds(60));
    assertEquals(10, stored(a, "sae-b"), "capped at max_key_count");
  }

  @Test
  void s26_faults_latency503AndLostAnswers() throws Exception {
    List<Duration> slept = new ArrayList<>();
    Faults latency = new Faults(Duration.ofMillis(250), 0, 0, new SplittableRandom(1), slept::add);
    Faults down = new Faults(Duration.ZERO, 1.0, 0, new SplittableRandom(1), d -> { });
    Faults lossy = new Faults(Duration.ZERO, 0, 1.0, new SplittableRandom(1), d -> { });
    KmeServer slow = end("sae-a", settings(), latency);
    KmeServer unavailable = end("sae-a", settings(), down);
    KmeServer dropping = end("sae-a", settings(), lossy);

    assertEquals(200, get(slow, "/api/v1/keys/sae-b/enc_keys").code());
    assertEquals(List.of(Duration.ofMillis(250)), slept);
    assertEquals(503, get(unavailable, "/api/v1/keys/sae-b/enc_keys").code());
    assertEquals(0, unavailable.frontEnd().store().keysDelivered());
    boolean lost;
    try {
      get(dropping, "/api/v1/keys/sae-b/enc_keys");
      lost = false;
    } catch (IOException e) {
      lost = true;
    }
    assertTrue(lost, "the answer never came");
    assertEquals(1, dropping.frontEnd().store().keysDelivered(),
        "the lost answer's key was consumed");
  }

  @Test
  void s23_internalError_isOneLoggedLineAnd503NotAHangUp() throws Exception {
    Faults broken = new Faults(Duration.ZERO, 0, 0, new SplittableRandom(1), d -> {
      throw new IllegalStateException("sleeper broke");
    });
    KmeServer a = end("sae-a", settings(),
        new Faults(Duration.ofMillis(1), 0, 0, new SplittableRandom(1), broken.sleeper()));
    try (LogCapture logs = new LogCapture()) {
      Answer x = get(a, "/api/v1/keys/sae-b/enc_keys");

      assertEquals(503, x.code());
      assertEquals("internal error", x.message());
      assertTrue(logs.lines.stream().anyMatch(l -> l.contains("internal error")
          && l.contains("sleeper broke")), logs.lines.toString());
    }
  }

  @Test
  void s27_expiredKeys_areRemovedThenNotFound() throws Exception {
    SimSettings ttl = settings().withPool(5, 0).withKeyTtl(Duration.ofSeconds(10));
    KmeServer a = end("sae-a", ttl);
    KmeServer b = end("sae-b", ttl);
    String id = ids(get(a, "/api/v1/keys/sae-b/enc_keys")).get(0);

    clock.advance(Duration.ofSeconds(11));

    assertEquals(SimAnswer.NOT_FOUND,
        get(b, "/api/v1/keys/sae-a/dec_keys?key_ID=" + id).message());
    assertEquals(0, stored(a, "sae-b"));
  }

  @Test
  void s28_unknownMembersInKeyIds_areIgnored() throws Exception {
    KmeServer a = end("sae-a", settings());
    KmeServer b = end("sae-b", settings());
    String id = ids(get(a, "/api/v1/keys/sae-b/enc_keys")).get(0);

    Answer x = post(b, "/api/v1/keys/sae-a/dec_keys", "{\"key_IDs\":[{\"key_ID\":\"" + id
        + "\",\"master_SAE_ID\":\"sae-a\",\"key_ID_extension\":{\"a\":1}}],"
        + "\"key_IDs_extension\":{\"b\":2},\"zzz\":[]}");

    assertEquals(200, x.code());
  }

  @Test
  void s29_noKeyMaterialInLogsOrMetrics() throws Exception {
    KmeServer a = end("sae-a", settings());
    KmeServer b = end("sae-b", settings());
    List<String> secrets = new ArrayList<>();
    try (LogCapture logs = new LogCapture()) {
      Answer enc = get(a, "/api/v1/keys/sae-b/enc_keys?number=4");
      post(b, "/api/v1/keys/sae-a/dec_keys", keyIds(ids(enc).toArray(new String[0])));
      keys(enc).forEach(k -> secrets.add(Base64.getEncoder().encodeToString(k)));
      String metrics = a.frontEnd().metricsText() + b.frontEnd().metricsText();

      assertTrue(metrics.contains(
          "ukms_sim_requests_total{route=\"enc_keys\",status=\"200\"} 1.0\n"),
          metrics);
      assertTrue(metrics.contains("ukms_sim_keys_delivered_total 4.0\n"), metrics);
      assertTrue(metrics.contains("ukms_sim_pool_keys{master=\"sae-a\",slave=\"sae-b\"} 996.0\n"),
          metrics);
      assertFalse(logs.lines.isEmpty(), "requests were logged");
      for (String line : logs.lines) {
        secrets.forEach(k -> assertFalse(line.contains(k.substring(0, 16)), line));
      }
      for (String k : secrets) {
        assertFalse(metrics.contains(k.substring(0, 16)));
      }
      ids(enc).forEach(id -> assertFalse(metrics.contains(id)));
    }
  }

  @Test
  void s30_concurrency_8x1000EncKeysUniqueAndParallelDecSucceedsOnce() throws Exception {
    KmeServer a = end("sae-a", settings().withPool(10_000, 0));
    KmeServer b = end("sae-b", settings().withPool(10_000, 0));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<String>>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> {
          List<String> got = new ArrayList<>();
          for (int i = 0; i < 1000; i++) {
            got.addAll(ids(get(a, "/api/v1/keys/sae-b/enc_keys")));
          }
          return got;
        }));
      }
      Set<String> all = new HashSet<>();
      int total = 0;
      for (Future<List<String>> f : futures) {
        List<String> got = f.get();
        total += got.size();
        all.addAll(got);
      }
      assertEquals(8000, total);
      assertEquals(8000, all.size(), "no key_ID delivered twice");

      String one = all.iterator().next();
      AtomicInteger ok = new AtomicInteger();
      List<Callable<Integer>> racers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        racers.add(() -> get(b, "/api/v1/keys/sae-a/dec_keys?key_ID=" + one).code());
      }
      for (Future<Integer> f : pool.invokeAll(racers)) {
        if (f.get() == 200) {
          ok.incrementAndGet();
        }
      }
      assertEquals(1, ok.get(), "exactly one parallel dec_keys succeeds");
    } finally {
      pool.shutdownNow();
    }
  }
}
