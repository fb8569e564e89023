package org.ukms.http;

/**
 * Answers one request, already read completely. It runs on its route's {@link Workers}, never on
 * a thread that reads or writes sockets, so it may block, within its own timeouts (a KME call, a
 * fsync); on a {@link Workers#INLINE} route it must not block. A RuntimeException it throws is logged and answered 500.
 */
@FunctionalInterface
public interface HttpHandler {
  HttpReply handle(HttpRequest request);
}
