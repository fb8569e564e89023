package org.ukms.http;

/**
 * Answers one request, already read completely. It runs on its route's {@link Workers}, not on
 * a thread that reads or writes sockets, so it may block, within its own timeouts (a KME call, a
 * fsync); only on a {@link Workers#INLINE} route does it run on such a thread, and must not
 * block. A RuntimeException it throws is logged and answered 500.
 */
@FunctionalInterface
public interface HttpHandler {
  HttpReply handle(HttpRequest request);

  /**
   * Whether answering may block (sleep, wait, do I/O). A handler that answers from memory says
   * false, and its server may then run it as a {@link Workers#INLINE} route.
   */
  default boolean mayBlock() {
    return true;
  }
}
