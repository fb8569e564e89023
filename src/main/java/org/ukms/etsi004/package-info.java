/**
 * ETSI GS QKD 004 client (docs/etsi004.md, spec ../shared/spec/etsi-004.md): the wire records
 * ({@link org.ukms.etsi004.Qos}, {@link org.ukms.etsi004.KeyStreamId}, {@link
 * org.ukms.etsi004.Status} and the three requests and responses), {@link
 * org.ukms.etsi004.Etsi004Client} over one {@link org.ukms.etsi004.Etsi004Binding}, and two
 * bindings: the ETSI forge binary binding ({@link org.ukms.etsi004.BinaryCodec} over a one-frame
 * {@link org.ukms.etsi004.Etsi004Transport}, with a socket transport for mutual TLS) and the
 * qkd-module REST binding ({@link org.ukms.etsi004.RestCodec} over {@link
 * org.ukms.etsi004.OkHttpRestBinding}); {@link org.ukms.etsi004.Etsi004KeySource} puts the client
 * behind the key-source seam, and {@link org.ukms.etsi004.KeyMetadata} reads JSON metadata.
 *
 * <p>May import {@code core}, {@code crypto}, Jackson and OkHttp; never {@code config}, {@code
 * kme}, {@code peer}, {@code sim}, {@code sink}, {@code daemon}, {@code http} or {@code cli}. TLS
 * material arrives as an {@code SSLContext} or OkHttp {@code HandshakeCertificates} built by the
 * caller (for PEM files, {@code kme.TlsMaterial} does that in the composition root).
 */
package org.ukms.etsi004;
