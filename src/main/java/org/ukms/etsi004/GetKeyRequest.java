package org.ukms.etsi004;

import java.util.Objects;

/**
 * GET_KEY(Key_stream_ID, index, Metadata). The caller allocates {@code metadataCapacity} bytes
 * for metadata (0 = none wanted); the binding sends that many zero bytes as the buffer.
 */
public record GetKeyRequest(KeyStreamId ksid, long index, int metadataCapacity) {
  public GetKeyRequest {
    Objects.requireNonNull(ksid, "ksid");
    Qos.checkUint32(index, "index");
    if (metadataCapacity < 0 || metadataCapacity > BinaryCodec.MAX_PAYLOAD) {
      throw new IllegalArgumentException("metadata size out of range: " + metadataCapacity);
    }
  }
}
