package org.ukms.etsi004;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@link Etsi004Binding} over the ETSI forge binary binding: {@link BinaryCodec} frames over an
 * {@link Etsi004Transport}. The GET_KEY answer frame, which holds the key, is zeroed once
 * decoded.
 */
final class BinaryBinding implements Etsi004Binding {
  private final Etsi004Transport transport;
  private final BinaryCodec codec;

  BinaryBinding(Etsi004Transport transport, BinaryCodec codec) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  @Override
  public OpenConnectResponse openConnect(OpenConnectRequest request) throws IOException {
    return BinaryCodec.decodeOpenConnectResponse(transport.exchange(codec.encode(request)));
  }

  @Override
  public GetKeyResponse getKey(GetKeyRequest request) throws IOException {
    byte[] frame = transport.exchange(codec.encode(request));
    try {
      return BinaryCodec.decodeGetKeyResponse(frame);
    } finally {
      Arrays.fill(frame, (byte) 0);
    }
  }

  @Override
  public CloseResponse close(CloseRequest request) throws IOException {
    return BinaryCodec.decodeCloseResponse(transport.exchange(codec.encode(request)));
  }
}
