/**
 * HTTP/1.1 over TLS with an external pre-shared key (TLS 1.3 {@code psk_dhe_ke} and TLS 1.2
 * DHE-PSK), on Bouncy Castle's low-level TLS API because JSSE has no external-PSK API: a bounded
 * server for GET requests and the client {@code ukms skip} uses.
 */
package org.ukms.tlspsk;
