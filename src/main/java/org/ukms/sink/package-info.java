/**
 * Where PSKs go: {@link org.ukms.sink.PskSink}, atomic owner-only files ({@link
 * org.ukms.sink.PrivateFiles}, {@link org.ukms.sink.PskFile}); later the {@code wg} applier and
 * hooks.
 *
 * <p>May import {@code core}, {@code crypto}, {@code config} records, {@code java.nio.file} and
 * {@code ProcessBuilder}.
 */
package org.ukms.sink;
