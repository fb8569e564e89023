package org.ukms.etsi004;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.ukms.crypto.Secret;

/**
 * Golden frames of the ETSI forge binary binding (E004-BIN-01..03), written out by hand from
 * diogoftm/minimal-etsi-qkd-004 models.h and serializers.c (see docs/etsi004.md), never produced
 * by the encoder under test.
 */
class BinaryCodecTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final KeyStreamId KSID = KeyStreamId.parse("123e4567-e89b-12d3-a456-426614174000");
  private static final Qos QOS = Qos.wireGuard(5000, 3600);
  private static final String KSID_HEX = "123e4567e89b12d3a456426614174000";
  // key_chunk_size 32, max_bps, min_bps, jitter, priority 0, timeout 5000 ms, ttl 3600 s,
  // "application/json" NUL
  private static final String QOS_HEX = "00000020" + "00000000" + "00000000" + "00000000"
      + "00000000" + "00001388" + "00000e10" + "6170706c69636174696f6e2f6a736f6e00";

  static final String OPEN_CONNECT_REQUEST = "02010102" + "00000051"
      + "7767726f743a2f2f6100" + "7767726f743a2f2f6200" + QOS_HEX
      + "00000000000000000000000000000000";
  static final String OPEN_CONNECT_RESPONSE = "02010103" + "00000041" + "00000000" + QOS_HEX
      + KSID_HEX;
  static final String GET_KEY_REQUEST = "02010104" + "0000001c" + KSID_HEX + "00000007"
      + "00000004" + "00000000";
  static final String GET_KEY_RESPONSE = "02010105" + "00000032" + "00000000" + "00000007"
      + "00000020" + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
      + "00000002" + "7b7d";
  static final String CLOSE_REQUEST = "02010108" + "00000010" + KSID_HEX;
  static final String CLOSE_RESPONSE = "02010109" + "00000004" + "00000009";

  private final BinaryCodec codec = BinaryCodec.v211();

  @Test
  void e004Bin01_header_versionServiceAndBigEndianSize() {
    byte[] frame = codec.encode(new CloseRequest(KSID));
    assertEquals("0201010800000010", HEX.formatHex(frame, 0, 8));
    byte[] v101 = new BinaryCodec(new BinaryCodec.Version(1, 0, 1)).encode(new CloseRequest(KSID));
    assertEquals("0100010800000010", HEX.formatHex(v101, 0, 8));
  }

  @Test
  void e004Bin01_responseWithWrongService_rejected() {
    byte[] frame = HEX.parseHex(CLOSE_RESPONSE);
    frame[3] = 0x05;
    var e = assertThrows(Etsi004ProtocolException.class,
        () -> BinaryCodec.decodeCloseResponse(frame));
    assertEquals("ETSI 004 CLOSE response: expected service 0x09, found 0x05", e.getMessage());
  }

  @Test
  void e004Bin02_openConnectRequest_golden() {
    var request = new OpenConnectRequest("wgrot://a", "wgrot://b", QOS, KeyStreamId.NULL);
    assertEquals(OPEN_CONNECT_REQUEST, HEX.formatHex(codec.encode(request)));
    assertEquals(request, BinaryCodec.decodeOpenConnectRequest(HEX.parseHex(OPEN_CONNECT_REQUEST)));
  }

  @Test
  void e004Bin02_openConnectResponse_golden() {
    var response = new OpenConnectResponse(Status.SUCCESSFUL, QOS, KSID);
    assertEquals(OPEN_CONNECT_RESPONSE, HEX.formatHex(codec.encode(response)));
    assertEquals(response,
        BinaryCodec.decodeOpenConnectResponse(HEX.parseHex(OPEN_CONNECT_RESPONSE)));
  }

  @Test
  void e004Bin02_getKeyRequest_golden() {
    var request = new GetKeyRequest(KSID, 7, 4);
    assertEquals(GET_KEY_REQUEST, HEX.formatHex(codec.encode(request)));
    assertEquals(request, BinaryCodec.decodeGetKeyRequest(HEX.parseHex(GET_KEY_REQUEST)));
  }

  @Test
  void e004Bin02_getKeyResponse_golden() {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) i;
    }
    var response =
        new GetKeyResponse(Status.SUCCESSFUL, 7, Secret.copyOf(key), Metadata.utf8("{}"));
    assertEquals(GET_KEY_RESPONSE, HEX.formatHex(codec.encode(response)));

    GetKeyResponse decoded = BinaryCodec.decodeGetKeyResponse(HEX.parseHex(GET_KEY_RESPONSE));
    assertEquals(Status.SUCCESSFUL, decoded.status());
    assertEquals(7, decoded.index());
    assertTrue(decoded.key().sameAs(Secret.copyOf(key)));
    assertEquals("{}", decoded.metadata().asUtf8());
    assertEquals("GetKeyResponse[status=0 (successful), index=7, key=Secret[32 bytes, redacted], "
        + "metadata=Metadata[2 bytes]]", decoded.toString());
  }

  @Test
  void e004Gk08_keyBytes_keepTheirOctetOrder() {
    GetKeyResponse decoded = BinaryCodec.decodeGetKeyResponse(HEX.parseHex(GET_KEY_RESPONSE));
    byte[] key = decoded.key().reveal();
    assertEquals(0x00, key[0]);
    assertEquals(0x1f, key[31]);
  }

  @Test
  void e004Bin02_closeRequestAndResponse_golden() {
    assertEquals(CLOSE_REQUEST, HEX.formatHex(codec.encode(new CloseRequest(KSID))));
    assertEquals(new CloseRequest(KSID),
        BinaryCodec.decodeCloseRequest(HEX.parseHex(CLOSE_REQUEST)));
    var response = new CloseResponse(new Status(9));
    assertEquals(CLOSE_RESPONSE, HEX.formatHex(codec.encode(response)));
    assertEquals(response, BinaryCodec.decodeCloseResponse(HEX.parseHex(CLOSE_RESPONSE)));
  }

  @Test
  void e004Bin02_mimetypeAbove255Bytes_refused() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Qos(32, 0, 0, 0, 0, 0, 0, "a".repeat(256)));
    assertEquals("metadata_mimetype: longer than 255 bytes", e.getMessage());
    new Qos(32, 0, 0, 0, 0, 0, 0, "a".repeat(255)); // 255 + NUL fits
  }

  @Test
  void e004Bin03_truncatedFrame_oneLineError() {
    byte[] whole = HEX.parseHex(OPEN_CONNECT_RESPONSE);
    byte[] cut = Arrays.copyOf(whole, whole.length - 1);
    cut[7] = (byte) (cut.length - 8); // a consistent header, one byte short of a KSID
    var e = assertThrows(Etsi004ProtocolException.class,
        () -> BinaryCodec.decodeOpenConnectResponse(cut));
    assertEquals("ETSI 004 OPEN_CONNECT response at offset 57: truncated at key_stream_id "
        + "(need 16 bytes, 15 left)", e.getMessage());
    var header = assertThrows(Etsi004ProtocolException.class,
        () -> BinaryCodec.decodeOpenConnectResponse(Arrays.copyOf(whole, whole.length - 1)));
    assertEquals("ETSI 004 OPEN_CONNECT response: header says 65 payload bytes, frame has 64",
        header.getMessage());
  }

  @Test
  void e004Bin03_trailingBytes_rejected() {
    byte[] whole = HEX.parseHex(CLOSE_RESPONSE + "00");
    whole[7] = 5;
    var e = assertThrows(Etsi004ProtocolException.class,
        () -> BinaryCodec.decodeCloseResponse(whole));
    assertEquals("ETSI 004 CLOSE response at offset 12: 1 trailing bytes after the last field",
        e.getMessage());
  }

  @Test
  void e004Bin03_payloadAbove1MiB_rejectedFromTheHeader() {
    byte[] header = HEX.parseHex("0201010500100001");
    var e = assertThrows(Etsi004ProtocolException.class, () -> BinaryCodec.payloadSize(header));
    assertEquals("ETSI 004 frame: payload size 1048577 exceeds the limit of 1048576 bytes",
        e.getMessage());
  }

  @Test
  void e004Bin03_byteStringLongerThanFrame_rejected() {
    byte[] frame = HEX.parseHex(GET_KEY_RESPONSE);
    frame[8 + 8 + 3] = (byte) 0xff; // key_buffer length 255, 38 bytes left
    var e = assertThrows(Etsi004ProtocolException.class,
        () -> BinaryCodec.decodeGetKeyResponse(frame));
    assertEquals("ETSI 004 GET_KEY response at offset 20: key_buffer length 255 exceeds the 38 "
        + "bytes left", e.getMessage());
  }

  @Test
  void e004Bin03_everyCutOfEveryGoldenFrame_failsCleanly() {
    for (String golden : new String[] {OPEN_CONNECT_REQUEST, OPEN_CONNECT_RESPONSE,
        GET_KEY_REQUEST, GET_KEY_RESPONSE, CLOSE_REQUEST, CLOSE_RESPONSE}) {
      byte[] whole = HEX.parseHex(golden);
      for (int n = 0; n < whole.length; n++) {
        byte[] cut = Arrays.copyOf(whole, n);
        if (n >= 8) {
          cut[7] = (byte) (n - 8); // consistent header: the fields themselves run short
        }
        assertThrows(Etsi004ProtocolException.class, () -> decodeAny(cut), golden + " cut " + n);
      }
    }
  }

  @Test
  void keyStreamId_bytesRoundTrip_andToStringIsTheUuid() {
    assertArrayEquals(HEX.parseHex(KSID_HEX), KSID.toBytes());
    assertEquals(KSID, KeyStreamId.of(HEX.parseHex(KSID_HEX)));
    assertEquals("123e4567-e89b-12d3-a456-426614174000", KSID.toString());
    assertTrue(KeyStreamId.NULL.isNull());
    assertEquals("key stream ID: expected a UUID, found \"nope\"",
        assertThrows(IllegalArgumentException.class, () -> KeyStreamId.parse("nope")).getMessage());
  }

  @Test
  void e004Cl04_status_unknownCodesKeptAndNeverSuccess() {
    assertEquals("9 (non_standard)", new Status(9).toString());
    assertEquals("8 (metadata_size_insufficient)", Status.GK_METADATA_TOO_SMALL.toString());
    assertEquals(false, new Status(0xFFFF_FFFFL).isSuccess());
    assertEquals(false, new Status(14).isStandard());
  }

  private static Object decodeAny(byte[] frame) {
    int service = frame.length >= 4 ? frame[3] & 0xff : BinaryCodec.service(frame);
    return switch (service) {
      case 2 -> BinaryCodec.decodeOpenConnectRequest(frame);
      case 3 -> BinaryCodec.decodeOpenConnectResponse(frame);
      case 4 -> BinaryCodec.decodeGetKeyRequest(frame);
      case 5 -> BinaryCodec.decodeGetKeyResponse(frame);
      case 8 -> BinaryCodec.decodeCloseRequest(frame);
      default -> BinaryCodec.decodeCloseResponse(frame);
    };
  }
}
