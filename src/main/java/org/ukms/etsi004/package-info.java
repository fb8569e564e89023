/**
 * ETSI GS QKD 004 client (docs/etsi004.md, spec ../shared/spec/etsi-004.md): the wire records
 * ({@link org.ukms.etsi004.Qos}, {@link org.ukms.etsi004.KeyStreamId}, {@link
 * org.ukms.etsi004.Status} and the three requests and responses), the ETSI forge binary binding
 * ({@link org.ukms.etsi004.BinaryCodec}), {@link org.ukms.etsi004.Etsi004Client} over a one-frame
 * {@link org.ukms.etsi004.Etsi004Transport}, a socket transport for mutual TLS, and the
 * {@link org.ukms.etsi004.KeyMetadata} fields read from JSON metadata.
 *
 * <p>Not wired into the daemon yet. May import {@code crypto} and Jackson's streaming parser;
 * never {@code core}, {@code config}, {@code kme}, {@code peer}, {@code sim}, {@code sink},
 * {@code daemon} or {@code cli}. TLS material arrives as an {@code SSLContext} built by the
 * caller (for PEM files, {@code kme.TlsMaterial} does that in the composition root).
 */
package org.ukms.etsi004;
