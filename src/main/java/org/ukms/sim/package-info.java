/**
 * Simulated ETSI 014 KMEs: product code behind the embedded fake QKD API ({@code
 * enable_fake_qkd_api}) and, later, {@code ukms kme} and {@code ukms demo}; the tests reuse it.
 *
 * <p>May import {@code kme} wire records, {@code core}, {@code crypto}, Jackson and {@code
 * http} (the server shared with the peer API); never Jetty directly.
 */
package org.ukms.sim;
