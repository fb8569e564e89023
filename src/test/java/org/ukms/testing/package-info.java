/** Test-only helpers: a manual clock and scheduler, free ports, example configs on fresh ports. */
package org.ukms.testing;
