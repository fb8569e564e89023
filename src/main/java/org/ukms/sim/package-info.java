/**
 * Simulated ETSI 014 KMEs: product code behind the embedded fake QKD API ({@code
 * enable_fake_qkd_api}) and, later, {@code ukms kme} and {@code ukms demo}; the tests reuse it.
 *
 * <p>May import {@code kme} wire records, {@code core}, {@code crypto}, Jackson and the JDK HTTP
 * server.
 */
package org.ukms.sim;
