/**
 * Configuration: one record per TOML table ({@link org.ukms.config.UkmsConfig}, {@link
 * org.ukms.config.PeerConfig}, KME, v2, fake-QKD, WireGuard and hook settings, {@link
 * org.ukms.config.AdminListen}), the strict tomlj loader with its located reader ({@code
 * TableReader}) and {@link org.ukms.config.ConfigException}, whose errors read {@code
 * FILE:LINE:COLUMN: key: problem (hint)}. Every key is documented in docs/configuration.md (a test
 * keeps the two in step).
 *
 * <p>May import {@code org.ukms.core} value types and tomlj; no I/O beyond reading the file and
 * checking that referenced files are readable, secret ones private, and hooks executable.
 */
package org.ukms.config;
