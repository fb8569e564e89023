/**
 * Where PSKs go: {@link org.ukms.sink.PskSink}, atomic owner-only files ({@link
 * org.ukms.sink.PrivateFiles}, {@link org.ukms.sink.PskFile}; {@link
 * org.ukms.sink.CoalescingPskSink} skips writes a newer PSK supersedes), the v2 chain state ({@link
 * org.ukms.sink.ChainStateFile}) and a WireGuard peer ({@link org.ukms.sink.WireGuardPsk}, which
 * passes the PSK to {@code wg} on stdin only).
 *
 * <p>May import {@code core}, {@code crypto}, {@code config} records, {@code exec} and
 * {@code java.nio.file}.
 */
package org.ukms.sink;
