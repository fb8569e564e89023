/**
 * The picocli commands ({@code run}, {@code check}, {@code kme}, {@code demo}, {@code keygen},
 * {@code fingerprint}) and their exit codes: 0 ok, 1 runtime failure, 2 usage or configuration
 * error; and {@link org.ukms.cli.ManPage}, which the build runs to write the man page and the
 * shell completion from the same picocli model. The only package that prints to stdout or stderr
 * directly.
 *
 * <p>May import {@code daemon}, {@code admin} (the client of {@code ukms status}), {@code config},
 * {@code sim} and picocli; nothing imports it.
 */
package org.ukms.cli;
