package org.ukms.etsi004;

import java.io.IOException;

/**
 * One ETSI 004 wire binding: each of the three calls takes the request record and returns the
 * response record, whatever the bytes in between. The seam of {@link Etsi004Client}: {@link
 * #binary} is the ETSI forge binary binding over an {@link Etsi004Transport}, {@link
 * OkHttpRestBinding} the qkd-module REST binding (docs/etsi004.md). An implementation throws
 * {@link IOException} when the KM could not be reached or the exchange broke off (the caller
 * retries later), and {@link Etsi004ProtocolException} when an answer breaks the binding.
 */
public interface Etsi004Binding {
  OpenConnectResponse openConnect(OpenConnectRequest request) throws IOException;

  /** The response's key is the caller's to destroy. */
  GetKeyResponse getKey(GetKeyRequest request) throws IOException;

  CloseResponse close(CloseRequest request) throws IOException;

  /** The ETSI forge binary binding: one frame out, one frame back, over {@code transport}. */
  static Etsi004Binding binary(Etsi004Transport transport, BinaryCodec codec) {
    return new BinaryBinding(transport, codec);
  }
}
