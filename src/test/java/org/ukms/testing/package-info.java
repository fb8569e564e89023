/**
 * Test-only helpers: a manual clock and scheduler, free ports, example configs on fresh ports, a
 * test PKI, a recording stand-in for {@code wg}, ukms as a separate process, raw HTTP, log
 * capture and a simulator harness.
 */
package org.ukms.testing;
