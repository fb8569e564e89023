/**
 * The picocli commands ({@code run}, {@code check}) and exit codes: 0 ok, 1 runtime failure, 2
 * usage or configuration error. The only package that prints to stdout or stderr directly.
 *
 * <p>May import {@code daemon}, {@code admin} (the client of {@code ukms status}), {@code config},
 * {@code sim} and picocli; nothing imports it.
 */
package org.ukms.cli;
