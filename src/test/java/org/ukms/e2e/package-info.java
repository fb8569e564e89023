/**
 * End-to-end tests against real systems: WireGuard (wireguard-go) in network namespaces, and the
 * systemd units under systemd's own analyzers. They skip, saying why, where the machine lacks
 * what they need.
 */
package org.ukms.e2e;
