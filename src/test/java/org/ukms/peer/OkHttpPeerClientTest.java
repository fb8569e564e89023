package org.ukms.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.ukms.core.KeyId;
import org.ukms.core.V1PeerRotation;
import org.ukms.testing.RawHttp;

/** Our v1 client against the exact answers of the original uKMS server (Python, HTTP/1.0). */
class OkHttpPeerClientTest {
  static final String ID = "1f9bff4f-43f0-44d5-80e3-6f2777242d67";
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final OkHttpPeerClient client =
      new OkHttpPeerClient(new OkHttpClient(), new ObjectMapper());

  static String python(String statusLine, String contentType, String body) {
    return "HTTP/1.0 " + statusLine + "\r\nServer: BaseHTTP/0.6 Python/3.11.2\r\n"
        + "Date: Fri, 08 Mar 2024 12:00:00 GMT\r\n"
        + (contentType == null ? "" : "Content-type: " + contentType + "\r\n") + "\r\n" + body;
  }

  @Test
  void originalUkmsAnswer_http10WithoutContentLength_isReadToEof() throws Exception {
    try (RawHttp.OneShotServer ukms = new RawHttp.OneShotServer(
        python("200 OK", "application/json", "{\"key_ID\": \"" + ID + "\"}"))) {
      KeyId id = client.requestV1(URI.create("http://127.0.0.1:" + ukms.port()), "alice",
          V1PeerRotation.Call.NEW, TIMEOUT);

      assertEquals(ID, id.value());
      String head = ukms.requestHead();
      assertTrue(head.startsWith("GET /api/v1/peer/alice/new HTTP/1.1\r\n"), head);
      assertFalse(head.toLowerCase().contains("content-length"), head);
    }
  }

  @Test
  void laterUkmsAnswer_withStatusAndAnySpacing_isAccepted() throws Exception {
    try (RawHttp.OneShotServer ukms = new RawHttp.OneShotServer(python("200 OK",
        "application/json", "{ \"status\" :\"ok\",\n \"key_ID\":\"" + ID + "\", \"x\": [1] }"))) {
      KeyId id = client.requestV1(URI.create("http://127.0.0.1:" + ukms.port() + "/"), "alice",
          V1PeerRotation.Call.ROTATE, TIMEOUT);

      assertEquals(ID, id.value());
      assertTrue(ukms.requestHead().startsWith("GET /api/v1/peer/alice/rotate HTTP/1.1\r\n"));
    }
  }

  @Test
  void notFound_isNotTransient() throws Exception {
    try (RawHttp.OneShotServer ukms = new RawHttp.OneShotServer(
        python("404 Not Found", null, "404 Not Found"))) {
      PeerException e = assertThrows(PeerException.class, () -> client.requestV1(
          URI.create("http://127.0.0.1:" + ukms.port()), "alice", V1PeerRotation.Call.NEW, TIMEOUT));

      assertFalse(e.isTransient());
      assertEquals("/new at 127.0.0.1:" + ukms.port() + " answered 404", e.getMessage());
    }
  }

  @Test
  void webServerPage_isNamedNotAUkmsPeerApi() throws Exception {
    try (RawHttp.OneShotServer web = new RawHttp.OneShotServer("HTTP/1.1 404 Not Found\r\n"
        + "Content-Type: text/html; charset=utf-8\r\nContent-Length: 22\r\n\r\n"
        + "<html>Not Found</html>")) {
      URI url = URI.create("http://127.0.0.1:" + web.port());
      PeerException e = assertThrows(PeerException.class, () -> client.requestV1(url, "alice",
          V1PeerRotation.Call.NEW, TIMEOUT));

      assertFalse(e.isTransient());
      assertEquals("the server at " + url + " is not a ukms peer API (answered 404 to "
          + "/api/v1/peer/alice/new with an HTML page): check ukms_url", e.getMessage());
    }
  }

  @Test
  void connectionClosedWithoutAnswer_asUkmsDoesWhenItsKmeFails_isTransient() throws Exception {
    try (RawHttp.OneShotServer ukms = new RawHttp.OneShotServer("")) {
      PeerException e = assertThrows(PeerException.class, () -> client.requestV1(
          URI.create("http://127.0.0.1:" + ukms.port()), "alice", V1PeerRotation.Call.ROTATE,
          TIMEOUT));

      assertTrue(e.isTransient());
    }
  }

  @Test
  void malformedAnswers_areRefusedWithTheirReason() throws Exception {
    String[][] cases = {
        {"not json", "answer is not JSON"},
        {"{\"keyID\": \"" + ID + "\"}", "answer has no string member \"key_ID\""},
        {"{\"key_ID\": 5}", "answer has no string member \"key_ID\""},
        {"{\"key_ID\": \"../../etc\"}", "key_ID is not a canonical UUID"}};
    for (String[] c : cases) {
      try (RawHttp.OneShotServer ukms = new RawHttp.OneShotServer(
          python("200 OK", "application/json", c[0]))) {
        PeerException e = assertThrows(PeerException.class, () -> client.requestV1(
            URI.create("http://127.0.0.1:" + ukms.port()), "alice", V1PeerRotation.Call.NEW,
            TIMEOUT));
        assertEquals("/new at 127.0.0.1:" + ukms.port() + ": " + c[1], e.getMessage());
      }
    }
  }
}
