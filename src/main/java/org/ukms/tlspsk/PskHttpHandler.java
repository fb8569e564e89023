package org.ukms.tlspsk;

/** What a TLS-PSK HTTP server asks of its application: one answer per request, never null. */
@FunctionalInterface
public interface PskHttpHandler {
  PskHttpResponse handle(PskHttpRequest request);
}
