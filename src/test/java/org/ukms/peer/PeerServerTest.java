package org.ukms.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ukms.core.KeyId;
import org.ukms.core.V1PeerRotation;
import org.ukms.testing.RawHttp;

/**
 * The v1 peer API as an original uKMS client meets it: the exact request bytes Python's urllib
 * sends (ukms-v1.md section 3), read to EOF.
 */
class PeerServerTest {
  static final String ID = "1f9bff4f-43f0-44d5-80e3-6f2777242d67";

  private final List<String> calls = new CopyOnWriteArrayList<>();
  private PeerServer server;

  @BeforeEach
  void start() throws Exception {
    V1Responder responder = (caller, call) -> {
      calls.add(caller + " " + call);
      if (caller.equals("alice")) {
        return new V1Responder.Served(new KeyId(ID));
      }
      if (caller.equals("broken")) {
        return new V1Responder.Failed("our KME failed");
      }
      return new V1Responder.UnknownPeer();
    };
    server = PeerServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        responder, null, 4);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static String urllib(String path, int port) {
    return "GET " + path + " HTTP/1.1\r\nAccept-Encoding: identity\r\nHost: 127.0.0.1:" + port
        + "\r\nUser-Agent: Python-urllib/3.11\r\nConnection: close\r\n\r\n";
  }

  @Test
  void new_fromKnownPeer_answersStatusOkAndKeyIdExactly() {
    String response = RawHttp.exchange(server.port(), urllib("/api/v1/peer/alice/new", server.port()));

    assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
    assertTrue(response.toLowerCase().contains("\r\ncontent-type: application/json\r\n"), response);
    assertEquals("{\"status\": \"ok\", \"key_ID\": \"" + ID + "\"}", body(response));
    assertEquals(List.of("alice NEW"), calls);
  }

  @Test
  void rotate_fromKnownPeer_isARotateCall() {
    String response = RawHttp.exchange(server.port(),
        urllib("/api/v1/peer/alice/rotate", server.port()));

    assertEquals("{\"status\": \"ok\", \"key_ID\": \"" + ID + "\"}", body(response));
    assertEquals(List.of("alice ROTATE"), calls);
  }

  @Test
  void callerId_isTheSecondToLastSegment_asInUkms() {
    RawHttp.exchange(server.port(), urllib("/api/v1/peer/x/y/alice/rotate", server.port()));

    assertEquals(List.of("alice ROTATE"), calls);
  }

  @Test
  void unknownPeer_is404NotFound() {
    String response = RawHttp.exchange(server.port(), urllib("/api/v1/peer/mallory/new", server.port()));

    assertTrue(response.startsWith("HTTP/1.1 404 "), response);
    assertEquals("404 Not Found", body(response));
  }

  @Test
  void unroutedPaths_are404_andNeverReachTheDaemon() {
    for (String path : List.of("/", "/api/v1/peer/alice", "/api/v1/peer/alice/new/",
        "/api/v1/peer/alice/new?x=1", "/api/v1/peer/alice/ack", "/api/v1/keys/x/enc_keys",
        "/api/v2/peer/alice/new")) {
      String response = RawHttp.exchange(server.port(), urllib(path, server.port()));
      assertTrue(response.startsWith("HTTP/1.1 404 "), path + ": " + response);
      assertEquals("404 Not Found", body(response), path);
    }
    assertEquals(List.of(), calls);
  }

  @Test
  void kmeFailure_is503AndNoKeyId() {
    String response = RawHttp.exchange(server.port(), urllib("/api/v1/peer/broken/rotate", server.port()));

    assertTrue(response.startsWith("HTTP/1.1 503 "), response);
    assertEquals("{\"status\": \"error\", \"message\": \"our KME failed\"}", body(response));
  }

  @Test
  void post_isRefusedWith405() {
    String response = RawHttp.exchange(server.port(), "POST /api/v1/peer/alice/new HTTP/1.1\r\n"
        + "Host: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

    assertTrue(response.startsWith("HTTP/1.1 405 "), response);
    assertEquals(List.of(), calls);
  }

  static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }
}
