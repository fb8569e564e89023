package org.ukms.tlspsk;

import java.util.Objects;

/**
 * A parsed request line and the headers that matter here.
 *
 * @param method the method token, case as sent
 * @param target the origin-form request target ({@code /path?query}), still percent-encoded
 * @param keepAlive whether the client wants the connection kept (HTTP/1.1 unless
 *     {@code Connection: close}; HTTP/1.0 only with {@code Connection: keep-alive})
 * @param hasBody whether a body follows ({@code Content-Length} above 0, or any
 *     {@code Transfer-Encoding}); this server never reads one
 */
record RequestHead(String method, String target, boolean keepAlive, boolean hasBody) {
  RequestHead {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
  }

  boolean isGet() {
    return method.equals("GET");
  }

  boolean isHead() {
    return method.equals("HEAD");
  }
}
