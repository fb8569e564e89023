package org.ukms.tlspsk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one answer: status line, {@code Content-Type}, {@code Content-Length}, {@code Allow} when
 * set, {@code Cache-Control: no-store} (bodies may hold keys), {@code Connection}, then the body.
 * Whatever happens, the body is overwritten with zeros and then the response's {@code afterWrite}
 * runs, also when the write fails because the client has gone.
 */
final class ResponseWriter {
  private ResponseWriter() {}

  /**
   * Writes {@code response} to {@code out} and flushes; with {@code omitBody} (a HEAD request) the
   * body is counted in {@code Content-Length} but not sent.
   */
  static void write(OutputStream out, PskHttpResponse response, boolean keepAlive,
      boolean omitBody) throws IOException {
    byte[] body = response.body();
    try {
      out.write(head(response, keepAlive));
      if (!omitBody) {
        out.write(body);
      }
      out.flush();
    } finally {
      Arrays.fill(body, (byte) 0);
      response.afterWrite().run();
    }
  }

  static byte[] head(PskHttpResponse response, boolean keepAlive) {
    StringBuilder h = new StringBuilder(160);
    h.append("HTTP/1.1 ").append(response.status()).append(' ')
        .append(reason(response.status())).append("\r\n");
    h.append("Content-Type: ").append(checked(response.contentType())).append("\r\n");
    h.append("Content-Length: ").append(response.body().length).append("\r\n");
    if (response.allow() != null) {
      h.append("Allow: ").append(checked(response.allow())).append("\r\n");
    }
    h.append("Cache-Control: no-store\r\n");
    h.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
    return h.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** A header value from the handler: printable ASCII only (a CR or LF would split the head). */
  private static String checked(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        throw new IllegalArgumentException("header value with a control or non-ASCII character");
      }
    }
    return value;
  }

  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      case 505 -> "HTTP Version Not Supported";
      default -> "Status " + status;
    };
  }

  /** The JSON error answer of this server, {@code {"error":"..."}} (skip.md §13 #6). */
  static PskHttpResponse error(int status, String reason) {
    String json = "{\"error\":\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    return PskHttpResponse.json(status, json.getBytes(StandardCharsets.UTF_8));
  }
}
