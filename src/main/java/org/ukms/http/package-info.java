/**
 * The HTTP server every ukms listener runs on: the peer API ({@code peer}, with the embedded fake
 * KME on the same port) and the simulated KME's front end ({@code sim}), which may not import each
 * other. {@link org.ukms.http.HttpServer} wraps Jetty core (no servlets) behind our own small
 * types: handlers get a complete {@link org.ukms.http.HttpRequest} and return an
 * {@link org.ukms.http.HttpReply}, on a bounded {@link org.ukms.http.Workers} pool, while a few
 * I/O threads read and write for every connection. {@link org.ukms.http.Limits} bounds what a
 * client can hold: deadlines for the request head and body, connections per source and in total,
 * header and body sizes. See docs/design.md ("Why Jetty") and docs/threads.md.
 *
 * <p>Imports only the JDK and Jetty; never another ukms package. Jetty types stay inside.
 */
package org.ukms.http;
