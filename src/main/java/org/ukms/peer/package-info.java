/**
 * The peer API between ukms daemons: the server ({@link org.ukms.peer.PeerServer} with its v1 and
 * v2 routes, on {@code http}'s Jetty-based server), the OkHttp clients, and the upcall interfaces
 * {@link org.ukms.peer.V1Responder} and {@link org.ukms.peer.V2Responder} that the daemon
 * implements.
 *
 * <p>May import {@code core}, {@code crypto}, {@code config} records, {@code http}, OkHttp and
 * Jackson; never {@code kme}, {@code sim}, {@code daemon} or {@code cli}, nor Jetty directly.
 */
package org.ukms.peer;
