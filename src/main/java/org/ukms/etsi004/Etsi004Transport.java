package org.ukms.etsi004;

import java.io.IOException;

/**
 * One request frame out, one whole response frame back. The seam of the 004 client: the real one
 * is {@link SocketTransport} (mutual TLS); tests plug a simulated KM straight in. Implementations
 * read exactly one frame ({@link FrameIo}) and never interpret it.
 */
@FunctionalInterface
public interface Etsi004Transport {
  byte[] exchange(byte[] request) throws IOException;
}
