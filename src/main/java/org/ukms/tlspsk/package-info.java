/**
 * HTTP/1.1 over TLS with an external pre-shared key (TLS 1.3 {@code psk_dhe_ke} and TLS 1.2
 * DHE-PSK), on Bouncy Castle's low-level TLS API because JSSE has no external-PSK API: a bounded
 * server for GET requests ({@link org.ukms.tlspsk.PskHttpServer}), the client {@code ukms skip}
 * uses ({@link org.ukms.tlspsk.PskHttpClient}), and the reader of encryptor PSK files. The
 * profile, limits and logs are in docs/skip-tls.md.
 *
 * <p>Imports {@code crypto} (secrets), {@code http} (the shared bounds and pools) and {@code net}
 * (the accept loop) only; it knows
 * nothing of SKIP, configuration or the daemon ({@code ArchitectureTest}). It is the only package
 * that imports {@code org.bouncycastle.tls}.
 */
package org.ukms.tlspsk;
