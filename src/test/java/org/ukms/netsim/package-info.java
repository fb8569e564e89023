/**
 * The seeded network simulator for protocol v2: two or three nodes on the product's core, codec
 * and request authentication, a hostile network and invariants checked after every step
 * ({@code NetSimTest} in every build, {@code NetSimMain} for long runs). See docs/testing.md.
 */
package org.ukms.netsim;
