package org.ukms.etsi004;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ukms.crypto.Secret;

/**
 * The qkd-module REST binding (docs/etsi004.md, "REST binding"): a golden JSON body per message,
 * written by hand, both ways; and every way an answer or a request can break the binding, each
 * one line naming the member.
 */
class RestCodecTest {
  private static final KeyStreamId KSID =
      KeyStreamId.parse("123e4567-e89b-12d3-a456-426614174000");
  private static final Qos QOS = Qos.wireGuard(5000, 3600);
  private static final String QOS_JSON = "{\"key_chunk_size\":32,\"max_bps\":0,\"min_bps\":0,"
      + "\"jitter\":0,\"priority\":0,\"timeout\":5000,\"ttl\":3600,"
      + "\"metadata_mimetype\":\"application/json\"}";
  private static final byte[] KEY = new byte[32];
  private static final String KEY_B64;

  static {
    for (int i = 0; i < KEY.length; i++) {
      KEY[i] = (byte) i;
    }
    KEY_B64 = Base64.getEncoder().encodeToString(KEY);
  }

  private static final OpenConnectRequest OC_NULL =
      new OpenConnectRequest("wgrot://a", "wgrot://b", QOS, KeyStreamId.NULL);
  private static final GetKeyRequest GK = new GetKeyRequest(KSID, 7, 0);

  private final RestCodec codec = new RestCodec(new ObjectMapper());

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ---- golden requests

  @Test
  void openConnectRequest_nullKsid_omitsTheKsid() {
    assertEquals("{\"source\":\"wgrot://a\",\"destination\":\"wgrot://b\",\"qos_parameters\":"
        + QOS_JSON + "}", text(codec.encode(OC_NULL)));
  }

  @Test
  void openConnectRequest_givenKsid_sendsItAsUuidText() {
    assertEquals("{\"source\":\"wgrot://b\",\"destination\":\"wgrot://a\",\"key_stream_ID\":"
        + "\"123e4567-e89b-12d3-a456-426614174000\",\"qos_parameters\":" + QOS_JSON + "}",
        text(codec.encode(new OpenConnectRequest("wgrot://b", "wgrot://a", QOS, KSID))));
  }

  @Test
  void getKeyRequest_oneIndex_andMetadataSizeOnlyWhenWanted() {
    assertEquals("{\"key_stream_ID\":\"123e4567-e89b-12d3-a456-426614174000\",\"indexes\":[7]}",
        text(codec.encode(GK)));
    assertEquals("{\"key_stream_ID\":\"123e4567-e89b-12d3-a456-426614174000\",\"indexes\":"
        + "[4294967295],\"metadata\":{\"size\":1024}}",
        text(codec.encode(new GetKeyRequest(KSID, 0xFFFF_FFFFL, 1024))));
  }

  @Test
  void closeRequest() {
    assertEquals("{\"key_stream_ID\":\"123e4567-e89b-12d3-a456-426614174000\"}",
        text(codec.encode(new CloseRequest(KSID))));
  }

  // ---- golden answers, decoded

  @Test
  void openConnectAnswer_qkdModuleForm_grantsTheAskedQos() {
    OpenConnectResponse r = codec.decodeOpenConnectResponse(200, bytes("{\"status\":0,"
        + "\"key_stream_ID\":\"123e4567-e89b-12d3-a456-426614174000\"}"), OC_NULL);
    assertEquals(new OpenConnectResponse(Status.SUCCESSFUL, QOS, KSID), r);
  }

  @Test
  void openConnectAnswer_withQos_takesTheGrantedQos() {
    String granted = QOS_JSON.replace("\"ttl\":3600", "\"ttl\":60");
    OpenConnectResponse r = codec.decodeOpenConnectResponse(200, bytes("{\"status\":0,"
        + "\"key_stream_ID\":\"123e4567-e89b-12d3-a456-426614174000\",\"qos_parameters\":"
        + granted + ",\"extra\":[1,{}]}"), OC_NULL);
    assertEquals(60, r.qos().ttlSeconds());
  }

  @Test
  void openConnectAnswer_503_isTheStatus_withCounterProposalFor7() {
    OpenConnectResponse five = codec.decodeOpenConnectResponse(503, bytes("{\"status\":5,"
        + "\"message\":\"OPEN_CONNECT failed because the KSID is already in use\"}"), OC_NULL);
    assertEquals(new OpenConnectResponse(Status.OC_KSID_IN_USE, QOS, KeyStreamId.NULL), five);
    OpenConnectResponse seven = codec.decodeOpenConnectResponse(503, bytes("{\"status\":7,"
        + "\"message\":\"m\",\"qos_parameters\":" + QOS_JSON.replace(":32,", ":64,") + "}"),
        OC_NULL);
    assertEquals(64, seven.qos().keyChunkSize());
    assertEquals(Status.OC_QOS_NOT_MET, seven.status());
  }

  @Test
  void openConnectAnswer_503WithoutKsid_isAboutTheKsidAsked() {
    OpenConnectRequest asked = new OpenConnectRequest("wgrot://b", "wgrot://a", QOS, KSID);
    OpenConnectResponse one = codec.decodeOpenConnectResponse(503, bytes("{\"status\":1,"
        + "\"message\":\"Successful connection, but peer not connected\"}"), asked);
    assertEquals(new OpenConnectResponse(Status.PEER_NOT_CONNECTED, QOS, KSID), one);
  }

  @Test
  void getKeyAnswer_200_decodesTheKeyAndMetadata() {
    GetKeyResponse r = codec.decodeGetKeyResponse(200, bytes("{\"status\":0,\"indexes\":[7],"
        + "\"keys\":[\"" + KEY_B64 + "\"],\"metadata\":{\"age\":5,\"hops\":0}}"), GK);
    assertEquals(7, r.index());
    assertArrayEquals(KEY, r.key().reveal());
    assertEquals("{\"age\":5,\"hops\":0}", r.metadata().asUtf8());
  }

  @Test
  void getKeyAnswer_503_isTheStatus_atTheAskedIndex_andStatus8NamesTheSize() {
    GetKeyResponse two = codec.decodeGetKeyResponse(503, bytes("{\"status\":2,\"message\":"
        + "\"GET_KEY failed because insufficient key available\"}"), GK);
    assertEquals(Status.GK_INSUFFICIENT_KEY, two.status());
    assertEquals(7, two.index());
    assertEquals(0, two.key().length());
    GetKeyResponse eight = codec.decodeGetKeyResponse(503,
        bytes("{\"status\":8,\"message\":\"m\",\"metadata_size\":2048}"), GK);
    assertEquals(2048, eight.metadata().length());
  }

  @Test
  void closeAnswer_200And503() {
    assertEquals(Status.SUCCESSFUL,
        codec.decodeCloseResponse(200, bytes("{\"status\":0,\"message\":\"ok\"}")).status());
    assertEquals(new Status(9), codec.decodeCloseResponse(503,
        bytes("{\"status\":9,\"message\":\"Request failed because KSID not found\"}")).status());
  }

  @Test
  void unknownStatus_isKeptAsItCame_neverSuccess() {
    Status s = codec.decodeCloseResponse(503, bytes("{\"status\":42}")).status();
    assertEquals("42 (non_standard)", s.toString());
  }

  // ---- malformed answers: one line each, naming the member

  @Test
  void malformedAnswers_areOneLineErrorsNamingTheMember() {
    String gk = "ETSI 004 REST get_key answer (HTTP 200): ";
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("not json", "ETSI 004 REST get_key answer (HTTP 200): malformed JSON");
    cases.put("[1]", gk + "expected a JSON object");
    cases.put("{\"status\":0}{}", gk + "trailing data after the JSON object");
    cases.put("{\"status\":0,\"status\":0}", "ETSI 004 REST get_key answer (HTTP 200): "
        + "malformed JSON");
    cases.put("{\"indexes\":[7],\"keys\":[\"" + KEY_B64 + "\"]}", gk + "status: missing");
    cases.put("{\"status\":\"0\",\"indexes\":[7],\"keys\":[]}", gk
        + "status: expected a uint32, found a string");
    cases.put("{\"status\":-1}", gk + "status: expected a uint32, found -1");
    cases.put("{\"status\":4294967296}", gk + "status: expected a uint32, found 4294967296");
    cases.put("{\"status\":0.5}", gk + "status: expected a uint32, found a fraction 0.5");
    cases.put("{\"status\":2}", gk + "status: 2 with HTTP 200, expected 0");
    cases.put("{\"status\":0,\"keys\":[\"" + KEY_B64 + "\"]}", gk + "indexes: missing");
    cases.put("{\"status\":0,\"indexes\":7,\"keys\":[]}", gk
        + "indexes: expected an array, found 7");
    cases.put("{\"status\":0,\"indexes\":[7,8],\"keys\":[]}", gk
        + "indexes: expected exactly one index, found 2");
    cases.put("{\"status\":0,\"indexes\":[\"7\"],\"keys\":[]}", gk
        + "indexes[0]: expected a uint32, found a string");
    cases.put("{\"status\":0,\"indexes\":[7]}", gk + "keys: missing");
    cases.put("{\"status\":0,\"indexes\":[7],\"keys\":\"" + KEY_B64 + "\"}", gk
        + "keys: expected an array, found a string");
    cases.put("{\"status\":0,\"indexes\":[7],\"keys\":[]}", gk
        + "keys: expected exactly one key, found 0");
    cases.put("{\"status\":0,\"indexes\":[7],\"keys\":[\"" + KEY_B64 + "\",\"" + KEY_B64
        + "\"]}", gk + "keys: expected exactly one key, found 2");
    cases.put("{\"status\":0,\"indexes\":[7],\"keys\":[7]}", gk
        + "keys[0]: expected a Base64 string, found 7");
    cases.put("{\"status\":0,\"indexes\":[7],\"keys\":[\"AAE\"]}", gk
        + "keys[0]: not strict standard padded Base64");
    cases.put("{\"status\":0,\"indexes\":[7],\"keys\":[\"" + KEY_B64 + "\"],\"metadata\":3}",
        gk + "metadata: expected an object, found 3");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      var e = assertThrows(Etsi004ProtocolException.class,
          () -> codec.decodeGetKeyResponse(200, bytes(c.getKey()), GK), c.getKey());
      assertEquals(c.getValue(), e.getMessage(), c.getKey());
      assertTrue(!e.getMessage().contains(KEY_B64), "no key text in errors");
    }
  }

  @Test
  void malformedOpenConnectAnswers_nameTheMember() {
    String oc = "ETSI 004 REST open_connect answer (HTTP 200): ";
    Map<String, String> cases = Map.of(
        "{\"status\":0}", oc + "key_stream_ID: missing",
        "{\"status\":0,\"key_stream_ID\":7}", oc + "key_stream_ID: expected a string, found 7",
        "{\"status\":0,\"key_stream_ID\":\"stream-1\"}", oc
            + "key_stream_ID: expected a UUID, found \"stream-1\"",
        "{\"status\":0,\"key_stream_ID\":\"" + KSID + "\",\"qos_parameters\":[]}", oc
            + "qos_parameters: expected an object, found an array",
        "{\"status\":0,\"key_stream_ID\":\"" + KSID + "\",\"qos_parameters\":{}}", oc
            + "qos_parameters.key_chunk_size: missing",
        "{\"status\":0,\"key_stream_ID\":\"" + KSID + "\",\"qos_parameters\":"
            + QOS_JSON.replace("\"ttl\":3600", "\"ttl\":true") + "}", oc
            + "qos_parameters.ttl: expected a uint32, found a boolean");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      var e = assertThrows(Etsi004ProtocolException.class,
          () -> codec.decodeOpenConnectResponse(200, bytes(c.getKey()), OC_NULL), c.getKey());
      assertEquals(c.getValue(), e.getMessage(), c.getKey());
    }
  }

  @Test
  void httpStatus_statusPairing_isChecked() {
    var zero503 = assertThrows(Etsi004ProtocolException.class,
        () -> codec.decodeCloseResponse(503, bytes("{\"status\":0}")));
    assertEquals("ETSI 004 REST close answer (HTTP 503): status: 0 with HTTP 503, expected a "
        + "failure status", zero503.getMessage());
    var bad = assertThrows(Etsi004ProtocolException.class, () -> codec.decodeCloseResponse(400,
        bytes("{\"message\":\"bad request: request does not contains a valid json object\"}")));
    assertEquals("ETSI 004 REST close answer: HTTP 400, the KM refused our request \"bad "
        + "request: request does not contains a valid json object\"", bad.getMessage());
    var notFound = assertThrows(Etsi004ProtocolException.class,
        () -> codec.decodeCloseResponse(404, bytes("<html>")));
    assertEquals("ETSI 004 REST close answer: HTTP 404, expected 200 or 503",
        notFound.getMessage());
  }

  @Test
  void bodies_areBounded() {
    byte[] big = new byte[RestCodec.MAX_BODY + 1];
    var e = assertThrows(Etsi004ProtocolException.class,
        () -> codec.decodeCloseResponse(200, big));
    assertEquals("ETSI 004 REST close answer: body larger than 262144 bytes", e.getMessage());
    assertThrows(Etsi004ProtocolException.class, () -> codec.decodeCloseRequest(big));
  }

  // ---- the KM side: requests in, answers out

  @Test
  void kmSide_decodesWhatTheClientEncodes() {
    OpenConnectRequest oc = new OpenConnectRequest("wgrot://b", "wgrot://a", QOS, KSID);
    assertEquals(oc, codec.decodeOpenConnectRequest(codec.encode(oc)));
    assertEquals(OC_NULL, codec.decodeOpenConnectRequest(codec.encode(OC_NULL)));
    GetKeyRequest gk = new GetKeyRequest(KSID, 9, 1024);
    assertEquals(gk, codec.decodeGetKeyRequest(codec.encode(gk)));
    assertEquals(new CloseRequest(KSID), codec.decodeCloseRequest(codec.encode(
        new CloseRequest(KSID))));
  }

  @Test
  void kmSide_qkdModuleStyleRequest_withoutQos_letsTheKmChoose() {
    OpenConnectRequest r = codec.decodeOpenConnectRequest(
        bytes("{\"source\":\"qks://a\",\"destination\":\"qks://b\"}"));
    assertEquals(new Qos(0, 0, 0, 0, 0, 0, 0, ""), r.qos());
    assertEquals(KeyStreamId.NULL, r.ksid());
  }

  @Test
  void kmSide_badRequests_nameTheMember() {
    String oc = "ETSI 004 REST open_connect request: ";
    assertEquals(oc + "source: missing", assertThrows(Etsi004ProtocolException.class,
        () -> codec.decodeOpenConnectRequest(bytes("{\"destination\":\"x:y\"}"))).getMessage());
    assertEquals(oc + "source: longer than 255 bytes or contains NUL",
        assertThrows(Etsi004ProtocolException.class, () -> codec.decodeOpenConnectRequest(
            bytes("{\"source\":\"" + "a".repeat(256) + "\",\"destination\":\"b\"}")))
            .getMessage());
    assertEquals("ETSI 004 REST get_key request: indexes: expected exactly one index, found 0",
        assertThrows(Etsi004ProtocolException.class, () -> codec.decodeGetKeyRequest(
            bytes("{\"key_stream_ID\":\"" + KSID + "\",\"indexes\":[]}"))).getMessage());
    assertEquals("ETSI 004 REST get_key request: metadata.size: expected a uint32, found a "
        + "string", assertThrows(Etsi004ProtocolException.class, () -> codec.decodeGetKeyRequest(
            bytes("{\"key_stream_ID\":\"" + KSID + "\",\"indexes\":[1],\"metadata\":{\"size\":"
                + "\"big\"}}"))).getMessage());
    assertEquals("ETSI 004 REST close request: malformed JSON",
        assertThrows(Etsi004ProtocolException.class,
            () -> codec.decodeCloseRequest(bytes("{\"key_stream_ID\":"))).getMessage());
  }

  @Test
  void kmSide_goldenAnswers() {
    assertEquals("{\"status\":0,\"key_stream_ID\":\"" + KSID + "\",\"qos_parameters\":"
        + QOS_JSON + "}", text(codec.encodeBody(
            new OpenConnectResponse(Status.SUCCESSFUL, QOS, KSID))));
    assertEquals("{\"status\":5,\"message\":\"ksid_already_in_use\",\"qos_parameters\":"
        + QOS_JSON + "}", text(codec.encodeBody(
            new OpenConnectResponse(Status.OC_KSID_IN_USE, QOS, KeyStreamId.NULL))));
    assertEquals("{\"status\":0,\"indexes\":[7],\"keys\":[\"" + KEY_B64 + "\"],\"metadata\":"
        + "{\"age\":0,\"hops\":0}}", text(codec.encodeBody(new GetKeyResponse(Status.SUCCESSFUL,
            7, Secret.copyOf(KEY), Metadata.utf8("{\"age\":0,\"hops\":0}")))));
    assertEquals("{\"status\":8,\"message\":\"metadata_size_insufficient\",\"metadata_size\":18}",
        text(codec.encodeBody(new GetKeyResponse(Status.GK_METADATA_TOO_SMALL, 7,
            Secret.copyOf(new byte[0]), Metadata.of(new byte[18])))));
    assertEquals("{\"status\":9,\"message\":\"non_standard\"}",
        text(codec.encodeBody(new CloseResponse(new Status(9)))));
    assertEquals(200, RestCodec.httpStatus(Status.SUCCESSFUL));
    assertEquals(503, RestCodec.httpStatus(Status.PEER_NOT_CONNECTED));
  }
}
