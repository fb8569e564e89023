package org.ukms.tlspsk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 request head (RFC 9112) from a stream, strictly: every line ends in CR LF (a
 * bare CR or LF is an error), no line folding, no space before a header's colon, no control
 * characters, an origin-form target, at most {@code maxBytes} in all (431 beyond). Empty lines
 * before the request line are skipped (RFC 9112 §2.2). Bodies are never read: the head only says
 * whether one follows. One reader per connection; not thread-safe.
 */
final class HeadReader {
  private final InputStream in;
  private final int maxBytes;
  private final byte[] line;
  private int used;

  HeadReader(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
    this.line = new byte[maxBytes];
  }

  /**
   * The next request head, or null when the client closed the connection before sending a byte
   * of it. {@code onFirstByte} runs once the first byte has arrived (to start the request
   * deadline). A connection closed in the middle of a head is an {@link java.io.EOFException}.
   */
  RequestHead read(Runnable onFirstByte) throws IOException, BadRequestException {
    used = 0;
    int first = in.read();
    if (first < 0) {
      return null;
    }
    onFirstByte.run();
    String requestLine = readLine(first);
    while (requestLine.isEmpty()) {
      requestLine = readLine(next());
    }
    String[] parts = requestLine.split(" ", -1);
    if (parts.length != 3) {
      throw new BadRequestException(400, "malformed request line");
    }
    String method = parts[0];
    String target = parts[1];
    if (!HttpSyntax.isToken(method)) {
      throw new BadRequestException(400, "malformed method");
    }
    if (!target.startsWith("/") || !HttpSyntax.isVisible(target)) {
      throw new BadRequestException(400, "malformed request target");
    }
    boolean http11 = version(parts[2]);
    Headers headers = new Headers();
    for (String header = readLine(next()); !header.isEmpty(); header = readLine(next())) {
      headers.add(header);
    }
    boolean keepAlive = http11 ? !headers.close : headers.keepAlive;
    boolean hasBody = headers.transferEncoding || headers.contentLength > 0;
    if (headers.transferEncoding && headers.contentLength >= 0) {
      throw new BadRequestException(400, "both Content-Length and Transfer-Encoding");
    }
    return new RequestHead(method, target, keepAlive, hasBody);
  }

  private static boolean version(String version) throws BadRequestException {
    if (version.equals("HTTP/1.1")) {
      return true;
    }
    if (version.equals("HTTP/1.0")) {
      return false;
    }
    if (version.matches("HTTP/[0-9]\\.[0-9]")) {
      throw new BadRequestException(505, "HTTP version not supported");
    }
    throw new BadRequestException(400, "malformed HTTP version");
  }

  private int next() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new java.io.EOFException("connection closed in the middle of a request head");
    }
    return b;
  }

  /** One line from {@code b} on, without its CR LF, as ISO-8859-1 (bytes as chars). */
  private String readLine(int b) throws IOException, BadRequestException {
    int start = used;
    while (b != '\r') {
      if (b == '\n') {
        throw new BadRequestException(400, "line ends in LF without CR");
      }
      append(b);
      b = next();
    }
    if (next() != '\n') {
      throw new BadRequestException(400, "CR not followed by LF");
    }
    append('\r');
    append('\n');
    return new String(line, start, used - start - 2, StandardCharsets.ISO_8859_1);
  }

  private void append(int b) throws BadRequestException {
    if (used == maxBytes) {
      throw new BadRequestException(431, "request head larger than " + maxBytes + " bytes");
    }
    line[used++] = (byte) b;
  }

  /** The headers this server acts on; each line is checked for syntax. */
  private static final class Headers {
    boolean close;
    boolean keepAlive;
    boolean transferEncoding;
    long contentLength = -1;

    void add(String header) throws BadRequestException {
      if (header.charAt(0) == ' ' || header.charAt(0) == '\t') {
        throw new BadRequestException(400, "obsolete line folding");
      }
      int colon = header.indexOf(':');
      if (colon <= 0 || !HttpSyntax.isToken(header.substring(0, colon))) {
        throw new BadRequestException(400, "malformed header field name");
      }
      String name = header.substring(0, colon).toLowerCase(Locale.ROOT);
      String value = HttpSyntax.trimOws(header.substring(colon + 1));
      if (!HttpSyntax.isFieldValue(value)) {
        throw new BadRequestException(400, "control character in header " + name);
      }
      switch (name) {
        case "connection" -> {
          for (String option : value.split(",")) {
            String o = option.strip().toLowerCase(Locale.ROOT);
            close |= o.equals("close");
            keepAlive |= o.equals("keep-alive");
          }
        }
        case "content-length" -> {
          if (!value.matches("[0-9]{1,18}")) {
            throw new BadRequestException(400, "malformed Content-Length");
          }
          long length = Long.parseLong(value);
          if (contentLength >= 0 && contentLength != length) {
            throw new BadRequestException(400, "conflicting Content-Length headers");
          }
          contentLength = length;
        }
        case "transfer-encoding" -> transferEncoding = true;
        default -> { }
      }
    }
  }
}
