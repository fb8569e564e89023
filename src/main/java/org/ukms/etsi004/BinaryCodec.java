package org.ukms.etsi004;

import java.util.Objects;

/**
 * The ETSI forge binary binding (spec §7): an 8-byte header (version major, minor, micro;
 * service; payload size as uint32 big-endian) and a payload of fields in the order of the
 * reference C code, diogoftm/minimal-etsi-qkd-004 at 5e536c0,
 * {@code etsi-gs-qkd-004-c/include/qkd/models.h} (structs, QoS field order, service numbers) and
 * {@code src/qkd/serializers.c} (uint32 via htonl, NUL-terminated strings, uuid_t copied as
 * stored, byte strings as uint32 size + data). docs/etsi004.md shows one frame per message.
 *
 * <p>Decoding is strict: the service must be the expected one, the payload size must match the
 * frame and be at most {@link #MAX_PAYLOAD}, every field must fit and nothing may follow the last
 * field; any breach is an {@link Etsi004ProtocolException} naming the field and offset. The
 * version bytes are not checked on decode (no two KMs agree on them); they are configurable on
 * encode.
 */
public final class BinaryCodec {
  public static final int HEADER_BYTES = 8;
  /** Largest payload accepted or produced (E004-BIN-03). */
  public static final int MAX_PAYLOAD = 1 << 20;

  public static final int OPEN_CONNECT_REQUEST = 0x02;
  public static final int OPEN_CONNECT_RESPONSE = 0x03;
  public static final int GET_KEY_REQUEST = 0x04;
  public static final int GET_KEY_RESPONSE = 0x05;
  public static final int CLOSE_REQUEST = 0x08;
  public static final int CLOSE_RESPONSE = 0x09;

  /** The three version bytes of the header. */
  public record Version(int major, int minor, int micro) {
    public static final Version V2_1_1 = new Version(2, 1, 1);

    public Version {
      for (int b : new int[] {major, minor, micro}) {
        if (b < 0 || b > 255) {
          throw new IllegalArgumentException("version byte out of range: " + b);
        }
      }
    }

    @Override
    public String toString() {
      return major + "." + minor + "." + micro;
    }
  }

  private final Version version;

  public BinaryCodec(Version version) {
    this.version = Objects.requireNonNull(version, "version");
  }

  public static BinaryCodec v211() {
    return new BinaryCodec(Version.V2_1_1);
  }

  public Version version() {
    return version;
  }

  public byte[] encode(OpenConnectRequest r) {
    return new WireWriter().string(r.source()).string(r.destination()).qos(r.qos())
        .ksid(r.ksid()).finish(version, OPEN_CONNECT_REQUEST);
  }

  public byte[] encode(OpenConnectResponse r) {
    return new WireWriter().uint32(r.status().code()).qos(r.qos()).ksid(r.ksid())
        .finish(version, OPEN_CONNECT_RESPONSE);
  }

  public byte[] encode(GetKeyRequest r) {
    return new WireWriter().ksid(r.ksid()).uint32(r.index()).zeros(r.metadataCapacity())
        .finish(version, GET_KEY_REQUEST);
  }

  public byte[] encode(GetKeyResponse r) {
    return new WireWriter().uint32(r.status().code()).uint32(r.index()).secret(r.key())
        .bytes(r.metadata().toBytes()).finish(version, GET_KEY_RESPONSE);
  }

  public byte[] encode(CloseRequest r) {
    return new WireWriter().ksid(r.ksid()).finish(version, CLOSE_REQUEST);
  }

  public byte[] encode(CloseResponse r) {
    return new WireWriter().uint32(r.status().code()).finish(version, CLOSE_RESPONSE);
  }

  public static OpenConnectRequest decodeOpenConnectRequest(byte[] frame) {
    WireReader in = payload(frame, OPEN_CONNECT_REQUEST, "OPEN_CONNECT request");
    String source = in.string("source", 255);
    String destination = in.string("destination", 255);
    Qos qos = in.qos();
    KeyStreamId ksid = in.ksid("key_stream_id");
    in.end();
    try {
      return new OpenConnectRequest(source, destination, qos, ksid);
    } catch (IllegalArgumentException e) {
      throw new Etsi004ProtocolException("ETSI 004 OPEN_CONNECT request: " + e.getMessage());
    }
  }

  public static OpenConnectResponse decodeOpenConnectResponse(byte[] frame) {
    WireReader in = payload(frame, OPEN_CONNECT_RESPONSE, "OPEN_CONNECT response");
    Status status = new Status(in.uint32("status"));
    Qos qos = in.qos();
    KeyStreamId ksid = in.ksid("key_stream_id");
    in.end();
    return new OpenConnectResponse(status, qos, ksid);
  }

  public static GetKeyRequest decodeGetKeyRequest(byte[] frame) {
    WireReader in = payload(frame, GET_KEY_REQUEST, "GET_KEY request");
    KeyStreamId ksid = in.ksid("key_stream_id");
    long index = in.uint32("index");
    int capacity = in.skipBytes("metadata");
    in.end();
    return new GetKeyRequest(ksid, index, capacity);
  }

  public static GetKeyResponse decodeGetKeyResponse(byte[] frame) {
    WireReader in = payload(frame, GET_KEY_RESPONSE, "GET_KEY response");
    Status status = new Status(in.uint32("status"));
    long index = in.uint32("index");
    var key = in.secret("key_buffer");
    try {
      Metadata metadata = in.metadata("metadata");
      in.end();
      return new GetKeyResponse(status, index, key, metadata);
    } catch (RuntimeException e) {
      key.destroy();
      throw e;
    }
  }

  public static CloseRequest decodeCloseRequest(byte[] frame) {
    WireReader in = payload(frame, CLOSE_REQUEST, "CLOSE request");
    KeyStreamId ksid = in.ksid("key_stream_id");
    in.end();
    return new CloseRequest(ksid);
  }

  public static CloseResponse decodeCloseResponse(byte[] frame) {
    WireReader in = payload(frame, CLOSE_RESPONSE, "CLOSE response");
    Status status = new Status(in.uint32("status"));
    in.end();
    return new CloseResponse(status);
  }

  /** The service byte of a frame of at least a header. */
  public static int service(byte[] frame) {
    if (frame.length < HEADER_BYTES) {
      throw new Etsi004ProtocolException("ETSI 004 frame: " + frame.length
          + " bytes, shorter than the 8-byte header");
    }
    return frame[3] & 0xFF;
  }

  /** The payload size announced by an 8-byte header, checked against {@link #MAX_PAYLOAD}. */
  public static int payloadSize(byte[] header) {
    long size = ((header[4] & 0xFFL) << 24) | ((header[5] & 0xFFL) << 16)
        | ((header[6] & 0xFFL) << 8) | (header[7] & 0xFFL);
    if (size > MAX_PAYLOAD) {
      throw new Etsi004ProtocolException("ETSI 004 frame: payload size " + size
          + " exceeds the limit of " + MAX_PAYLOAD + " bytes");
    }
    return (int) size;
  }

  private static WireReader payload(byte[] frame, int service, String message) {
    int found = service(frame);
    if (found != service) {
      throw new Etsi004ProtocolException(String.format(
          "ETSI 004 %s: expected service 0x%02x, found 0x%02x", message, service, found));
    }
    int size = payloadSize(frame);
    if (size != frame.length - HEADER_BYTES) {
      throw new Etsi004ProtocolException("ETSI 004 " + message + ": header says " + size
          + " payload bytes, frame has " + (frame.length - HEADER_BYTES));
    }
    return new WireReader(frame, HEADER_BYTES, message);
  }
}
