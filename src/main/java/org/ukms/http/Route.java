package org.ukms.http;

import java.util.Objects;

/**
 * Requests whose raw path starts with {@code prefix} go to {@code handler} on {@code workers},
 * with bodies read up to {@code maxBodyBytes} (one byte more is kept, so the handler can tell a
 * body that was too large). Routes are tried in the order given.
 */
public record Route(String prefix, int maxBodyBytes, Workers workers, HttpHandler handler) {
  public Route {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(workers, "workers");
    Objects.requireNonNull(handler, "handler");
    if (maxBodyBytes < 0) {
      throw new IllegalArgumentException("maxBodyBytes must not be negative");
    }
  }
}
