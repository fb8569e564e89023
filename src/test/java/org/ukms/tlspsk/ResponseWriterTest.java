package org.ukms.tlspsk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Answers: the head, and the body zeroed before afterWrite runs, whatever happened. */
class ResponseWriterTest {
  private final AtomicInteger afterWrites = new AtomicInteger();
  private final byte[] body = "{\"key\":\"00ff\"}".getBytes(StandardCharsets.UTF_8);

  private PskHttpResponse response(byte[] bytes) {
    return new PskHttpResponse(405, "application/json", "GET", bytes, () -> {
      assertArrayEquals(new byte[bytes.length], bytes, "zeroed before afterWrite");
      afterWrites.incrementAndGet();
    });
  }

  @Test
  void write_keepAlive_headThenBodyThenZeroedAndAfterWrite() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ResponseWriter.write(out, response(body), true, false);
    assertEquals("HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json\r\n"
        + "Content-Length: 14\r\nAllow: GET\r\nCache-Control: no-store\r\n"
        + "Connection: keep-alive\r\n\r\n{\"key\":\"00ff\"}", out.toString(StandardCharsets.UTF_8));
    assertEquals(1, afterWrites.get());
  }

  @Test
  void write_headRequest_bodyCountedNotSent() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ResponseWriter.write(out, PskHttpResponse.json(200, body), false, true);
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(true, text.endsWith("Content-Length: 14\r\nCache-Control: no-store\r\n"
        + "Connection: close\r\n\r\n"), text);
  }

  @Test
  void skipZer_writeFails_bodyStillZeroedAndAfterWriteRun() {
    OutputStream gone = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("Broken pipe");
      }
    };
    assertThrows(IOException.class, () -> ResponseWriter.write(gone, response(body), true, false));
    assertArrayEquals(new byte[body.length], body);
    assertEquals(1, afterWrites.get());
  }

  @Test
  void write_headerValueWithLineBreak_refusedButBodyStillZeroed() {
    PskHttpResponse bad = new PskHttpResponse(200, "application/json\r\nX: y", null, body,
        afterWrites::incrementAndGet);
    assertThrows(IllegalArgumentException.class,
        () -> ResponseWriter.write(new ByteArrayOutputStream(), bad, true, false));
    assertArrayEquals(new byte[body.length], body);
    assertEquals(1, afterWrites.get());
  }
}
