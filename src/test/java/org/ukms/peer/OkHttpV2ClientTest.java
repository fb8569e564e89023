package org.ukms.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ukms.core.Blob;
import org.ukms.core.V2Message;
import org.ukms.core.V2Schedule;
import org.ukms.crypto.Secret;
import org.ukms.crypto.V2Keys;
import org.ukms.testing.ManualClock;

/**
 * What the initiator says when the server at {@code ukms_url} is not the ukms peer it expects:
 * another server altogether, or a ukms that refused our request and said why.
 */
class OkHttpV2ClientTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final V2Auth auth = new V2Auth(V2Keys.of(Secret.copyOf(new byte[32])), "alice",
      "bobby", Duration.ofSeconds(60), clock, new SecureRandom());
  private final V2Message.Offer offer = new V2Message.Offer(0, V2Schedule.Mode.PQC,
      Blob.of(new byte[16]), null, Blob.of(new byte[32]));
  private MockWebServer server;
  private URI url;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    url = URI.create("http://127.0.0.1:" + server.getPort());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private V2Message send(MockResponse answer) {
    server.enqueue(answer);
    return new OkHttpV2Client(new OkHttpClient(), new ObjectMapper())
        .transport(url, auth, Duration.ofSeconds(5)).send(offer);
  }

  private static MockResponse answer(int code, String type, String body) {
    MockResponse.Builder b = new MockResponse.Builder().code(code).body(body);
    return (type == null ? b : b.setHeader("Content-Type", type)).build();
  }

  @Test
  void webServer404Html_isNamedNotAUkmsPeerApi() {
    V2Message m = send(answer(404, "text/html", "<html><body>Not Found</body></html>"));

    assertEquals(new V2Message.Failed(false, "the server at " + url + " is not a ukms peer API "
        + "(answered 404 to /api/v2/peer/offer with text/html, unsigned): check ukms_url, and "
        + "that the peer runs ukms with protocol = \"v2\""), m);
  }

  @Test
  void unsignedJson200_isNotAUkmsPeerApi() {
    V2Message m = send(answer(200, "application/json", "{\"epoch\":0}"));

    assertEquals(new V2Message.Failed(false, "the server at " + url + " is not a ukms peer API "
        + "(answered 200 to /api/v2/peer/offer with application/json, unsigned): check ukms_url, "
        + "and that the peer runs ukms with protocol = \"v2\""), m);
  }

  @Test
  void refusalMisaddressed_saysWhoThePeerBelievesItIs() {
    V2Message m = send(answer(401, "application/json", V2Routes.refusalBody(
        V2Auth.Refusal.MISADDRESSED, "alice", new V2Auth(V2Keys.of(Secret.copyOf(new byte[32])),
            "bob", "alice", Duration.ofSeconds(60), clock, new SecureRandom()))));

    assertEquals(new V2Message.Failed(false, "peer at " + url + " believes it is bob, not bobby "
        + "(401 misaddressed): check source_KME_ID in the peer's table for us, or name "
        + "our table [peers.bob]"), m);
  }

  @Test
  void refusalUnknownPeer_namesOurSourceKmeId() {
    V2Message m = send(answer(401, "application/json",
        V2Routes.refusalBody(V2Auth.Refusal.UNKNOWN_PEER, "alice", null)));

    assertEquals(new V2Message.Failed(false, "peer at " + url + " has no v2 peer named alice "
        + "(401 unknown_peer): check source_KME_ID in [peers.bobby] here, and the name of the "
        + "peer's table for us"), m);
  }

  @Test
  void refusalBadMacAndClock_andAnOlderUkmsEmpty401_eachGetTheirAdvice() {
    assertEquals(new V2Message.Failed(false, "peer at " + url + " could not verify our request "
        + "(401 bad_mac): auth_key_file differs between the nodes (copy the pair's key from one "
        + "node to the other)"), send(answer(401, "application/json",
            V2Routes.refusalBody(V2Auth.Refusal.BAD_MAC, "alice", null))));
    assertEquals(new V2Message.Failed(false, "peer at " + url + " refused the time of our request "
        + "(401 too_old): the clocks of the two nodes differ by more than auth_window_seconds "
        + "(check NTP)"), send(answer(401, "application/json",
            V2Routes.refusalBody(V2Auth.Refusal.TOO_OLD, "alice", null))));
    assertEquals(new V2Message.Failed(false, "peer at " + url + " refused our authentication "
        + "(401): check auth_key_file on both nodes and their clocks"), send(answer(401, null, "")));
  }

  @Test
  void a401WithAnHtmlLoginPage_isNotAUkmsPeerApi() {
    assertEquals(new V2Message.Failed(false, "the server at " + url + " is not a ukms peer API "
        + "(answered 401 to /api/v2/peer/offer, unsigned): check ukms_url, and that the peer runs "
        + "ukms with protocol = \"v2\""), send(answer(401, "text/html", "<html>login</html>")));
  }
}
