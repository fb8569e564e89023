/**
 * ETSI GS QKD 014 client: {@link org.ukms.kme.KmeClient}, its OkHttp implementation, the wire
 * records and the {@link org.ukms.kme.KmeException} family (unavailable, rejected; malformed
 * bodies raise the unchecked {@link org.ukms.kme.KmeProtocolException}).
 *
 * <p>May import {@code core}, {@code crypto}, {@code config} records, OkHttp and Jackson.
 */
package org.ukms.kme;
