/**
 * The entry point: {@link org.ukms.Main} runs the picocli command line of {@code org.ukms.cli}
 * and exits with its code (0 ok, 1 runtime failure, 2 usage or configuration error).
 */
package org.ukms;
