/**
 * The rotation core, as pure logic: the v1 state machine ({@link org.ukms.core.V1PeerRotation})
 * and PSK derivation, the v2 exchange ({@link org.ukms.core.V2Exchange}: events in, {@link
 * org.ukms.core.V2Decision}s out) with its messages, schedule, ratchet chain and saved state, the
 * retry {@link org.ukms.core.Backoff}, and value types such as {@link org.ukms.core.KeyId}.
 *
 * <p>No I/O here: no files, sockets, processes, threads, OkHttp, Jackson or tomlj, and no reading
 * of the wall clock except through an injected {@link java.time.InstantSource}. Imports only
 * {@code org.ukms.crypto} and the JDK's {@code java.time} and {@code java.util}.
 */
package org.ukms.core;
