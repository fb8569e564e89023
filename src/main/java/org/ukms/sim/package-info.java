/**
 * Simulated ETSI 014 KMEs: product code behind the embedded fake QKD API ({@code
 * enable_fake_qkd_api}), {@code ukms kme} and {@code ukms demo}; the tests reuse it. Link mode,
 * the uKMS derivation, fault injection and the choices the standard leaves open are described in
 * docs/simulator.md. {@link org.ukms.sim.Etsi004Store} is a simulated ETSI 004 KM, served over
 * the binary binding by {@link org.ukms.sim.Etsi004Server} and over the qkd-module REST binding
 * by {@link org.ukms.sim.Etsi004RestServer} (docs/etsi004.md).
 *
 * <p>May import {@code kme} and {@code etsi004} wire records, {@code core}, {@code crypto},
 * Jackson, {@code http} (the server shared with the peer API) and {@code net} (the ETSI 004
 * server's accept loop); never Jetty directly.
 */
package org.ukms.sim;
