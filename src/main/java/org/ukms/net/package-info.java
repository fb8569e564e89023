/**
 * Socket plumbing shared by the servers that run on plain sockets rather than on {@code http}'s
 * Jetty: {@link org.ukms.net.AcceptLoop}, the accept loop with its back-off on failure, used by
 * the SKIP TLS-PSK listener ({@code tlspsk}), the simulated ETSI 004 key manager ({@code sim})
 * and the BB84 link ({@code qlink}); {@link org.ukms.net.LoopbackPorts}, ports for servers whose
 * configurations name each other's ports before they bind (the demo; the tests).
 *
 * <p>Imports only the JDK; never another ukms package.
 */
package org.ukms.net;
