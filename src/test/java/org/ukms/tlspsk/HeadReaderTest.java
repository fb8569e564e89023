package org.ukms.tlspsk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The strict HTTP/1.1 head parser (SKIP-HTTP-06 limits and RFC 9112 syntax). */
class HeadReaderTest {
  private final AtomicInteger firstBytes = new AtomicInteger();

  private RequestHead read(String head) throws Exception {
    return reader(head).read(firstBytes::incrementAndGet);
  }

  private static HeadReader reader(String head) {
    return new HeadReader(new ByteArrayInputStream(head.getBytes(StandardCharsets.ISO_8859_1)),
        8192);
  }

  private int refused(String head) {
    return assertThrows(BadRequestException.class, () -> read(head)).status();
  }

  @Test
  void read_getHttp11_keepAliveNoBodyAndFirstByteReported() throws Exception {
    assertEquals(new RequestHead("GET", "/key?remoteSystemID=B", true, false),
        read("GET /key?remoteSystemID=B HTTP/1.1\r\nHost: kp\r\nAccept: */*\r\n\r\n"));
    assertEquals(1, firstBytes.get());
  }

  @Test
  void read_connectionRules_http11CloseAndHttp10KeepAlive() throws Exception {
    assertEquals(false, read("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n").keepAlive());
    assertEquals(false, read("GET / HTTP/1.0\r\n\r\n").keepAlive());
    assertEquals(true, read("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keepAlive());
  }

  @Test
  void read_twoPipelinedHeads_readsThemInTurnThenNull() throws Exception {
    HeadReader reader = reader("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n");
    assertEquals("/a", reader.read(() -> { }).target());
    assertEquals("/b", reader.read(() -> { }).target());
    assertNull(reader.read(() -> { }));
  }

  @Test
  void read_emptyLinesBeforeRequestLine_skipped() throws Exception {
    assertEquals("/x", read("\r\n\r\nGET /x HTTP/1.1\r\n\r\n").target());
  }

  @Test
  void read_bodyAnnounced_reportedNotRead() throws Exception {
    assertEquals(true, read("POST /key HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello").hasBody());
    assertEquals(true, read("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").hasBody());
    assertEquals(false, read("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n").hasBody());
  }

  @Test
  void read_lineEndingsOtherThanCrLf_400() {
    assertEquals(400, refused("GET / HTTP/1.1\nHost: a\n\n"));
    assertEquals(400, refused("GET / HTTP/1.1\r\nHost: a\n\r\n"));
    assertEquals(400, refused("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n"));
  }

  @Test
  void read_malformedRequestLines_400() {
    assertEquals(400, refused("GET  / HTTP/1.1\r\n\r\n"));
    assertEquals(400, refused("GET /\r\n\r\n"));
    assertEquals(400, refused("GET http://kp/ HTTP/1.1\r\n\r\n"));
    assertEquals(400, refused("G(T / HTTP/1.1\r\n\r\n"));
    assertEquals(400, refused("GET / HTTP/1.1 \r\n\r\n"));
    assertEquals(400, refused("GET /\u00e9 HTTP/1.1\r\n\r\n"));
    assertEquals(400, refused("GET / http/1.1\r\n\r\n"));
    assertEquals(505, refused("GET / HTTP/2.0\r\n\r\n"));
  }

  @Test
  void read_malformedHeaders_400() {
    assertEquals(400, refused("GET / HTTP/1.1\r\nHost : a\r\n\r\n"));
    assertEquals(400, refused("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n"));
    assertEquals(400, refused("GET / HTTP/1.1\r\n: a\r\n\r\n"));
    assertEquals(400, refused("GET / HTTP/1.1\r\nX: a\u0001b\r\n\r\n"));
    assertEquals(400, refused("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"));
    assertEquals(400, refused("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"));
    assertEquals(400, refused("POST / HTTP/1.1\r\nContent-Length: 1\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n"));
  }

  @Test
  void skipHttp06_headOverTheLimit_431() {
    assertEquals(431, refused("GET / HTTP/1.1\r\nX: " + "a".repeat(8192) + "\r\n\r\n"));
    assertEquals(431, refused("GET /" + "a".repeat(8192) + " HTTP/1.1\r\n\r\n"));
  }

  @Test
  void read_headOfExactlyTheLimit_accepted() throws Exception {
    String start = "GET / HTTP/1.1\r\nX: ";
    String head = start + "a".repeat(8192 - start.length() - 4) + "\r\n\r\n";
    assertEquals(8192, head.length());
    assertEquals("/", read(head).target());
  }

  @Test
  void read_eofBeforeAndInsideAHead_nullAndEofException() throws Exception {
    assertNull(read(""));
    assertEquals(0, firstBytes.get());
    assertThrows(EOFException.class, () -> read("GET / HTTP/1.1\r\nHost: a"));
  }
}
