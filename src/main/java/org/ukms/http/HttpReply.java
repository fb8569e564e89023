package org.ukms.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A complete answer: status, headers, body with its Content-Length. A secret body (key
 * material) is zeroed once it is written. {@link #drop()} is no answer at all: the connection is
 * closed, as a lost answer looks to the client.
 */
public final class HttpReply {
  private static final byte[] EMPTY = new byte[0];

  private final int status;
  private final List<Map.Entry<String, String>> headers;
  private final byte[] body;
  private final boolean secret;
  private final boolean drop;

  private HttpReply(int status, List<Map.Entry<String, String>> headers, byte[] body,
      boolean secret, boolean drop) {
    this.status = status;
    this.headers = List.copyOf(headers);
    this.body = body;
    this.secret = secret;
    this.drop = drop;
  }

  /** A UTF-8 body; {@code contentType} may be null (no Content-Type sent). */
  public static HttpReply text(int status, String contentType, String body) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    if (contentType != null) {
      headers.add(Map.entry("Content-Type", contentType));
    }
    return new HttpReply(status, headers, body.getBytes(StandardCharsets.UTF_8), false, false);
  }

  /** An {@code application/json} body. */
  public static HttpReply json(int status, String json) {
    return text(status, "application/json", json);
  }

  /** A status with an empty body. */
  public static HttpReply empty(int status) {
    return new HttpReply(status, List.of(), EMPTY, false, false);
  }

  /**
   * A body holding key material: the reply takes {@code body} over and zeroes it once written
   * (or once the write failed).
   */
  public static HttpReply secret(int status, String contentType, byte[] body) {
    return new HttpReply(status, List.of(Map.entry("Content-Type", contentType)), body, true,
        false);
  }

  /** No answer: the connection is closed. */
  public static HttpReply drop() {
    return new HttpReply(0, List.of(), EMPTY, false, true);
  }

  /** This reply with one more header. */
  public HttpReply withHeader(String name, String value) {
    List<Map.Entry<String, String>> more = new ArrayList<>(headers);
    more.add(Map.entry(name, value));
    return new HttpReply(status, more, body, secret, drop);
  }

  public int status() {
    return status;
  }

  /** The value of header {@code name} (exact case as set), or null. */
  public String header(String name) {
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  /** The body as UTF-8 text, for handlers driven in memory (tests); refused for a secret body. */
  public String text() {
    if (secret) {
      throw new IllegalStateException("a secret body is not shown");
    }
    return new String(body, StandardCharsets.UTF_8);
  }

  List<Map.Entry<String, String>> headers() {
    return headers;
  }

  /** The body itself, not a copy: the server writes it, then {@link #sent()} wipes a secret. */
  byte[] bodyBytes() {
    return body;
  }

  boolean drops() {
    return drop;
  }

  /** Called once the body is written or failed: zeroes a secret body. */
  void sent() {
    if (secret) {
      java.util.Arrays.fill(body, (byte) 0);
    }
  }
}
