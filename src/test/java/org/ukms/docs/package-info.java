/**
 * Tests of the documentation against the code: every relative link and anchor of README.md and
 * docs/*.md resolves, every configuration key the loader reads is documented in
 * docs/configuration.md, and every TOML example passes {@code ukms check}.
 */
package org.ukms.docs;
