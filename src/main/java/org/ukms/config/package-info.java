/**
 * Configuration: one record per TOML table, the strict tomlj loader and {@link
 * org.ukms.config.ConfigException}, whose errors read {@code FILE:LINE:COLUMN: key: problem (hint)}.
 *
 * <p>May import {@code org.ukms.core} value types and tomlj; no I/O beyond reading the file and
 * checking that referenced files are readable, and secret ones private.
 */
package org.ukms.config;
