package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ukms.crypto.Secret;
import org.ukms.etsi004.BinaryCodec;
import org.ukms.etsi004.DeliveredKey;
import org.ukms.etsi004.Etsi004Client;
import org.ukms.etsi004.Etsi004Exception;
import org.ukms.etsi004.KeyStream;
import org.ukms.etsi004.KeyStreamId;
import org.ukms.etsi004.OkHttpRestBinding;
import org.ukms.etsi004.Qos;
import org.ukms.etsi004.SocketTransport;
import org.ukms.etsi004.Status;
import org.ukms.sim.Etsi004Faults.Call;
import org.ukms.testing.ManualClock;
import org.ukms.testing.TestPki;

/**
 * The simulated ETSI 004 KM on the qkd-module REST binding, over real HTTP and HTTPS, with the
 * REST client: E004-GK-02 across two linked ends, E004-TLS-01 with mutual TLS, statuses as 503,
 * and requests that break the binding as 400.
 */
class Etsi004RestServerTest {
  private static final Qos QOS = Qos.wireGuard(2000, 3600);
  private static final InetSocketAddress LOOPBACK =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private static final MediaType JSON = MediaType.get("application/json");

  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final ObjectMapper mapper = new ObjectMapper();
  private final OkHttpClient http = new OkHttpClient();
  private final Secret link = Secret.copyOf(new byte[32]);
  private final TestPki kmPki = new TestPki("km");
  private final TestPki appPki = new TestPki("apps");
  private Etsi004RestServer one;
  private Etsi004RestServer two;

  @AfterEach
  void close() {
    for (Etsi004RestServer s : new Etsi004RestServer[] {one, two}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private Etsi004Store store(long seed) {
    return Etsi004Store.linked(link, new SplittableRandom(seed));
  }

  private Etsi004Client plain(Etsi004RestServer server) {
    return new Etsi004Client(OkHttpRestBinding.create(http, "127.0.0.1", server.port(), null,
        QOS, mapper), clock);
  }

  @Test
  void e004Gk02_twoLinkedRestServers_sameKsidAndIndex_identicalKey() throws Exception {
    one = Etsi004RestServer.start(LOOPBACK, store(1), null, mapper);
    two = Etsi004RestServer.start(LOOPBACK, store(2), null, mapper);
    Etsi004Client alice = plain(one);
    Etsi004Client bob = plain(two);

    KeyStream sa = alice.open("wgrot://alice", "wgrot://bob", QOS, KeyStreamId.NULL);
    alice.getKey(sa);
    DeliveredKey ka = alice.getKey(sa);
    KeyStream sb = bob.open("wgrot://bob", "wgrot://alice", QOS, sa.ksid());
    DeliveredKey kb = bob.getKey(sb, ka.index());

    assertEquals(1, ka.index());
    assertTrue(ka.key().sameAs(kb.key()));
    assertEquals(32, kb.key().length());
    assertEquals("{\"age\":0,\"hops\":0}", kb.metadata().asUtf8());
    assertEquals(Status.SUCCESSFUL, alice.close(sa));
    assertEquals(List.of(sa.ksid()), one.store().closes());
    assertEquals(one.url(), "http://127.0.0.1:" + one.port());
  }

  @Test
  void e004Gk02_oneEndOverRest_theOtherOverTheBinaryBinding_agree() throws Exception {
    one = Etsi004RestServer.start(LOOPBACK, store(1), null, mapper);
    try (Etsi004Server binary = Etsi004Server.start(LOOPBACK, store(2), null, 4)) {
      Etsi004Client alice = plain(one);
      Etsi004Client bob = new Etsi004Client(SocketTransport.plain("127.0.0.1", binary.port(),
          QOS), BinaryCodec.v211(), clock);
      KeyStream sa = alice.open("wgrot://alice", "wgrot://bob", QOS, KeyStreamId.NULL);
      DeliveredKey ka = alice.getKey(sa);
      DeliveredKey kb = bob.getKey(bob.open("wgrot://bob", "wgrot://alice", QOS, sa.ksid()),
          ka.index());
      assertTrue(ka.key().sameAs(kb.key()), "the binding does not change the key");
    }
  }

  @Test
  void forcedStatuses_travelAs503_andTheClientActsOnThem() throws Exception {
    one = Etsi004RestServer.start(LOOPBACK, store(1), null, mapper);
    Etsi004Client alice = plain(one);
    KeyStream s = alice.open("wgrot://alice", "wgrot://bob", QOS, KeyStreamId.NULL);
    one.store().faults().force(Call.GET_KEY, Status.GK_INSUFFICIENT_KEY, 1);
    var two = assertThrows(Etsi004Exception.class, () -> alice.getKey(s));
    assertTrue(two.isTransient());
    assertEquals(Status.GK_INSUFFICIENT_KEY, two.status().orElseThrow());
    one.store().faults().force(Call.GET_KEY, Status.GK_METADATA_TOO_SMALL, 1)
        .neededMetadata(4096);
    assertEquals(0, alice.getKey(s).index(), "status 8 retried on the same index");
    one.store().faults().force(Call.OPEN_CONNECT, Status.OC_KSID_IN_USE, 1);
    var five = assertThrows(Etsi004Exception.class,
        () -> alice.open("wgrot://alice", "wgrot://bob", QOS, KeyStreamId.NULL));
    assertEquals(Status.OC_KSID_IN_USE, five.status().orElseThrow());
  }

  @Test
  void e004Tls01_mutualTls_serverVerified_keysFlow() throws Exception {
    HeldCertificate server = kmPki.issue("km", "127.0.0.1");
    one = Etsi004RestServer.start(LOOPBACK, store(1),
        TestPki.server(server, appPki).sslContext(), mapper);
    Etsi004Client alice = tls(kmPki, true);
    KeyStream s = alice.open("wgrot://alice", "wgrot://bob", QOS, KeyStreamId.NULL);
    assertEquals(32, alice.getKey(s).key().length());
    assertTrue(one.url().startsWith("https://127.0.0.1:"));
  }

  @Test
  void e004Tls01_wrongCa_otherHost_noClientCertificate_allRefusedBeforeAnyCall()
      throws Exception {
    HeldCertificate rogue = new TestPki("rogue").issue("km", "127.0.0.1");
    HeldCertificate otherHost = kmPki.issue("km", "km.example");
    HeldCertificate good = kmPki.issue("km", "127.0.0.1");
    for (Object[] c : new Object[][] {{rogue, true}, {otherHost, true}, {good, false}}) {
      Etsi004Store store = store(1);
      try (Etsi004RestServer s = Etsi004RestServer.start(LOOPBACK, store,
          TestPki.server((HeldCertificate) c[0], appPki).sslContext(), mapper)) {
        one = s;
        Etsi004Client alice = tls(kmPki, (Boolean) c[1]);
        var e = assertThrows(Etsi004Exception.class,
            () -> alice.open("wgrot://alice", "wgrot://bob", QOS, KeyStreamId.NULL));
        assertTrue(e.isTransient());
        assertTrue(e.getMessage().startsWith("OPEN_CONNECT wgrot://alice -> wgrot://bob: KM "
            + "unreachable: "), e.getMessage());
        assertTrue(store.openConnects().isEmpty());
      } finally {
        one = null;
      }
    }
  }

  @Test
  void requestsThatBreakTheBinding_get400_otherRoutes404_otherMethods405() throws Exception {
    one = Etsi004RestServer.start(LOOPBACK, store(1), null, mapper);
    String base = one.url() + "/api/v1/qkdm/actions/";
    assertAnswer(400, "{\"message\":\"ETSI 004 REST get_key request: malformed JSON\"}",
        post(base + "get_key", "{\"key_stream_ID\":"));
    assertAnswer(400, "{\"message\":\"ETSI 004 REST get_key request: indexes: missing\"}",
        post(base + "get_key", "{\"key_stream_ID\":\"123e4567-e89b-12d3-a456-426614174000\"}"));
    assertAnswer(503, "{\"status\":9,\"message\":\"non_standard\"}",
        post(base + "close", "{\"key_stream_ID\":\"123e4567-e89b-12d3-a456-426614174000\"}"));
    assertAnswer(404, "{\"message\":\"no such route\"}", post(base + "get_ID", "{}"));
    assertAnswer(404, "{\"message\":\"no such route\"}", post(one.url() + "/other", "{}"));
    try (Response r = http.newCall(new Request.Builder().url(base + "close").get().build())
        .execute()) {
      assertEquals(405, r.code());
      assertEquals("POST", r.header("Allow"));
    }
    assertAnswer(413, "{\"message\":\"body larger than 262144 bytes\"}",
        post(base + "close", "{\"x\":\"" + "a".repeat(300_000) + "\"}"));
  }

  @Test
  void plainHttp_offLoopback_refused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Etsi004RestServer.start(
        new InetSocketAddress("0.0.0.0", 0), store(1), null, mapper));
    assertTrue(e.getMessage().startsWith("plain ETSI 004 serves loopback only"));
  }

  private Etsi004Client tls(TestPki trusted, boolean withCertificate) {
    HandshakeCertificates.Builder b = new HandshakeCertificates.Builder()
        .addTrustedCertificate(trusted.ca.certificate());
    if (withCertificate) {
      b.heldCertificate(appPki.issue("alice"));
    }
    return new Etsi004Client(OkHttpRestBinding.create(http, "127.0.0.1", one.port(), b.build(),
        QOS, mapper), clock);
  }

  private Response post(String url, String body) throws Exception {
    return http.newCall(new Request.Builder().url(url).post(RequestBody.create(body, JSON))
        .build()).execute();
  }

  private static void assertAnswer(int code, String body, Response response) throws Exception {
    try (response) {
      assertEquals(code, response.code());
      assertEquals(body, response.body().string());
    }
  }
}
