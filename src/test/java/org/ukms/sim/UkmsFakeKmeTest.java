package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ukms.testing.RawHttp;

/** The uKMS fake KME, byte for byte (ukms-v1.md section 5). */
class UkmsFakeKmeTest {
  static final UUID FIXED = UUID.fromString("1f9bff4f-43f0-44d5-80e3-6f2777242d67");
  private HttpServer server;

  int serve(UkmsFakeKme fake) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext("/api/v1/keys/", fake);
    server.start();
    return server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  static String get(int port, String path) {
    return RawHttp.exchange(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  }

  static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  @Test
  void encKeys_answersTheWireExampleOfTheSpec() throws Exception {
    int port = serve(new UkmsFakeKme(() -> FIXED));

    String response = get(port, "/api/v1/keys/bob/enc_keys");

    assertTrue(response.startsWith("HTTP/1.1 200 "), response);
    assertEquals("{\"keys\": [{\"key\": \"0umVRoYcMh57ZdOXQQZWptRIolFu4T0tzhYSwozVyYw=\", "
        + "\"key_ID\": \"1f9bff4f-43f0-44d5-80e3-6f2777242d67\"}]}", body(response));
  }

  @Test
  void anyPathWithoutDecKeys_isANewKey_evenStatus_andIgnoresNumberAndSize() throws Exception {
    int port = serve(new UkmsFakeKme(() -> FIXED));

    assertEquals(body(get(port, "/api/v1/keys/bob/enc_keys")),
        body(get(port, "/api/v1/keys/x/status")));
    assertEquals(body(get(port, "/api/v1/keys/bob/enc_keys")),
        body(get(port, "/api/v1/keys/bob/enc_keys?number=3&size=1024")));
  }

  @Test
  void decKeys_derivesTheKeyFromTheIdAfterTheLastEquals() throws Exception {
    int port = serve(new UkmsFakeKme(UUID::randomUUID));

    String response = get(port, "/api/v1/keys/any/dec_keys?key_ID=00000000-0000-0000-0000-00000000000a");

    assertEquals("{\"keys\": [{\"key\": \"vDKyBNQERrXzECAWsfqPAboIN6/txNJRGyc43lE/UQY=\", "
        + "\"key_ID\": \"00000000-0000-0000-0000-00000000000a\"}]}", body(response));
  }

  @Test
  void decKeysWithoutKeyId_is400WithTheUkmsText() throws Exception {
    int port = serve(new UkmsFakeKme(UUID::randomUUID));

    String response = get(port, "/api/v1/keys/any/dec_keys");

    assertTrue(response.startsWith("HTTP/1.1 400 "), response);
    assertEquals("key_ID parameter is required", body(response));
  }

  @Test
  void post_is501() throws Exception {
    int port = serve(new UkmsFakeKme(UUID::randomUUID));

    String response = RawHttp.exchange(port, "POST /api/v1/keys/b/enc_keys HTTP/1.1\r\nHost: x\r\n"
        + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");

    assertTrue(response.startsWith("HTTP/1.1 501 "), response);
  }

  @Test
  void nonLoopbackClient_isRefusedWithoutAKey() throws Exception {
    int port = serve(new UkmsFakeKme(() -> FIXED, address -> false));

    String response = get(port, "/api/v1/keys/bob/enc_keys");

    assertTrue(response.startsWith("HTTP/1.1 403 "), response);
    assertEquals("{\"message\": \"the embedded fake KME answers loopback clients only\"}",
        body(response));
  }

  @Test
  void defaultGuard_isLoopbackOnly() throws Exception {
    int port = serve(new UkmsFakeKme(() -> FIXED));

    assertTrue(get(port, "/api/v1/keys/bob/enc_keys").startsWith("HTTP/1.1 200 "));
    assertTrue(InetAddress.getLoopbackAddress().isLoopbackAddress());
    assertEquals(false, InetAddress.getByName("192.0.2.1").isLoopbackAddress());
  }
}
