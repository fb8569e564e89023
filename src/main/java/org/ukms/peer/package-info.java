/**
 * The peer API between ukms daemons: the JDK {@code HttpServer} front end ({@link
 * org.ukms.peer.PeerServer}), the OkHttp client, and the upcall interface {@link
 * org.ukms.peer.V1Responder} that the daemon implements.
 *
 * <p>May import {@code core}, {@code crypto}, {@code config} records, OkHttp, Jackson and the
 * JDK HTTP server; never {@code kme}, {@code sim}, {@code daemon} or {@code cli}.
 */
package org.ukms.peer;
