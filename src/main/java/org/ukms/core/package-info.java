/**
 * The rotation core: per-peer state machines and PSK derivation decisions, as pure logic.
 *
 * <p>No I/O here: no files, sockets, processes, threads, OkHttp, Jackson or tomlj, and no reading
 * of the wall clock except through an injected {@link java.time.InstantSource}. Imports only
 * {@code org.ukms.crypto} and the JDK's {@code java.time} and {@code java.util}.
 */
package org.ukms.core;
