package org.ukms.etsi004;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.ukms.crypto.Secret;
import org.ukms.crypto.StrictBase64;

/**
 * The qkd-module REST binding (spec §7, ignaziopedone/qkd-module {@code qkdm_server.py}): JSON
 * bodies POSTed to {@code {base}/api/v1/qkdm/actions/open_connect}, {@code get_key} and
 * {@code close}; status 0 answers HTTP 200, any other status 503 {@code {status, message}}, a
 * request that is not valid JSON 400. Both directions, as {@link BinaryCodec}: the client
 * encodes requests and decodes answers, the simulated KM the other way round. docs/etsi004.md
 * ("REST binding") shows every body.
 *
 * <p>ukms's choices where qkd-module leaves things open: {@code qos_parameters} is an object of
 * the eight ETSI QoS fields in snake case (qkd-module stores it unread); the OPEN_CONNECT answer
 * may carry the granted {@code qos_parameters} (ours does; when absent the request's QoS counts
 * as granted); {@code indexes} are positions in the stream, one per call (qkd-module's are random
 * key IDs); the metadata buffer is {@code "metadata":{"size":N}} and a status 8 answer names
 * {@code metadata_size}. Decoding is strict (every error one {@link Etsi004ProtocolException}
 * line naming the member); unknown members are ignored.
 */
public final class RestCodec {
  public static final String PREFIX = "/api/v1/qkdm/actions";
  public static final String OPEN_CONNECT = "open_connect";
  public static final String GET_KEY = "get_key";
  public static final String CLOSE = "close";
  /** Largest body read or accepted, either way. */
  public static final int MAX_BODY = 256 * 1024;
  public static final int OK = 200;
  public static final int BAD_REQUEST = 400;
  public static final int UNAVAILABLE = 503;

  private final ObjectMapper mapper;

  public RestCodec(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /** HTTP status for an ETSI 004 status: 0 is 200, anything else 503. */
  public static int httpStatus(Status status) {
    return status.isSuccess() ? OK : UNAVAILABLE;
  }

  // ---- client side: requests out, answers in

  public byte[] encode(OpenConnectRequest r) {
    ObjectNode o = mapper.createObjectNode().put("source", r.source())
        .put("destination", r.destination());
    if (!r.ksid().isNull()) {
      o.put("key_stream_ID", r.ksid().toString());
    }
    o.set("qos_parameters", qos(r.qos()));
    return bytes(o);
  }

  public byte[] encode(GetKeyRequest r) {
    ObjectNode o = mapper.createObjectNode().put("key_stream_ID", r.ksid().toString());
    o.putArray("indexes").add(r.index());
    if (r.metadataCapacity() > 0) {
      o.putObject("metadata").put("size", r.metadataCapacity());
    }
    return bytes(o);
  }

  public byte[] encode(CloseRequest r) {
    return bytes(mapper.createObjectNode().put("key_stream_ID", r.ksid().toString()));
  }

  /**
   * The answer to {@code asked}: HTTP 200 with status 0 and a {@code key_stream_ID}, or 503
   * with another status (and, for 7, the counter-proposal in {@code qos_parameters}); a 503
   * without {@code key_stream_ID} is about the KSID asked for.
   */
  public OpenConnectResponse decodeOpenConnectResponse(int http, byte[] body,
      OpenConnectRequest asked) {
    RestFields f = answer(OPEN_CONNECT, http, body);
    Status status = status(f, http);
    Qos qos = f.has("qos_parameters") ? f.qos("qos_parameters") : asked.qos();
    // qkd-module names the KSID only with status 0; a failure without one is about the KSID asked
    KeyStreamId ksid = status.isSuccess() || f.has("key_stream_ID") ? f.ksid("key_stream_ID")
        : asked.ksid();
    return new OpenConnectResponse(status, qos, ksid);
  }

  /**
   * The answer to {@code asked}: 200 with status 0, {@code indexes} (one) and {@code keys} (one
   * Base64 key, decoded straight into a {@link Secret}); or 503 with another status, the index
   * being the one asked for and the key empty.
   */
  public GetKeyResponse decodeGetKeyResponse(int http, byte[] body, GetKeyRequest asked) {
    RestFields f = answer(GET_KEY, http, body);
    try {
      Status status = status(f, http);
      if (!status.isSuccess()) {
        long needed = f.optionalUint32("metadata_size").orElse(0L);
        if (needed > BinaryCodec.MAX_PAYLOAD) {
          throw f.error("metadata_size", needed + " exceeds the limit of "
              + BinaryCodec.MAX_PAYLOAD + " bytes");
        }
        return new GetKeyResponse(status, asked.index(), Secret.copyOf(new byte[0]),
            Metadata.of(new byte[(int) needed]));
      }
      long index = f.oneIndex("indexes");
      Metadata metadata = f.has("metadata") ? Metadata.utf8(f.object("metadata").toString())
          : Metadata.EMPTY;
      List<Secret> keys = f.takeKeys();
      if (keys == null) {
        throw f.error("keys", "missing");
      }
      if (keys.size() != 1) {
        keys.forEach(Secret::destroy);
        throw f.error("keys", "expected exactly one key, found " + keys.size());
      }
      return new GetKeyResponse(status, index, keys.get(0), metadata);
    } finally {
      f.destroy();
    }
  }

  public CloseResponse decodeCloseResponse(int http, byte[] body) {
    RestFields f = answer(CLOSE, http, body);
    return new CloseResponse(status(f, http));
  }

  // ---- KM side: requests in, answers out

  /** {@code source} and {@code destination} required; a missing KSID is NULL; missing QoS all 0. */
  public OpenConnectRequest decodeOpenConnectRequest(byte[] body) {
    RestFields f = request(OPEN_CONNECT, body);
    String source = f.text("source");
    String destination = f.text("destination");
    KeyStreamId ksid = f.has("key_stream_ID") ? f.ksid("key_stream_ID") : KeyStreamId.NULL;
    Qos qos = f.has("qos_parameters") ? f.qos("qos_parameters")
        : new Qos(0, 0, 0, 0, 0, 0, 0, "");
    try {
      return new OpenConnectRequest(source, destination, qos, ksid);
    } catch (IllegalArgumentException e) {
      throw new Etsi004ProtocolException(f.what() + ": " + e.getMessage());
    }
  }

  /** One index per call; {@code metadata.size} (default 0) is the metadata buffer. */
  public GetKeyRequest decodeGetKeyRequest(byte[] body) {
    RestFields f = request(GET_KEY, body);
    KeyStreamId ksid = f.ksid("key_stream_ID");
    long index = f.oneIndex("indexes");
    long size = 0;
    if (f.has("metadata")) {
      JsonNode size0 = f.object("metadata").get("size");
      size = size0 == null ? 0 : f.uint32(size0, "metadata.size");
    }
    if (size > BinaryCodec.MAX_PAYLOAD) {
      throw f.error("metadata.size", size + " exceeds the limit of " + BinaryCodec.MAX_PAYLOAD);
    }
    return new GetKeyRequest(ksid, index, (int) size);
  }

  public CloseRequest decodeCloseRequest(byte[] body) {
    return new CloseRequest(request(CLOSE, body).ksid("key_stream_ID"));
  }

  /** {@code {status, key_stream_ID, qos_parameters}} or {@code {status, message, …}}. */
  public byte[] encodeBody(OpenConnectResponse r) {
    ObjectNode o = mapper.createObjectNode().put("status", r.status().code());
    if (!r.status().isSuccess()) {
      o.put("message", r.status().name());
    }
    if (!r.ksid().isNull()) {
      o.put("key_stream_ID", r.ksid().toString());
    }
    o.set("qos_parameters", qos(r.qos()));
    return bytes(o);
  }

  /**
   * {@code {status, indexes, keys[, metadata]}} for status 0 (the body holds the key: zero it
   * once sent), else {@code {status, message[, metadata_size]}}. The key itself is left alone.
   */
  public byte[] encodeBody(GetKeyResponse r) {
    if (!r.status().isSuccess()) {
      ObjectNode o = mapper.createObjectNode().put("status", r.status().code())
          .put("message", r.status().name());
      if (r.status().equals(Status.GK_METADATA_TOO_SMALL)) {
        o.put("metadata_size", r.metadata().length());
      }
      return bytes(o);
    }
    String metadata = "";
    if (r.metadata().length() > 0) {
      try {
        metadata = ",\"metadata\":" + mapper.readTree(r.metadata().toBytes()).toString();
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("metadata is not JSON");
      }
    }
    byte[] head = ("{\"status\":0,\"indexes\":[" + r.index() + "],\"keys\":[\"")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\"]" + metadata + "}").getBytes(StandardCharsets.UTF_8);
    Secret base64 = StrictBase64.encodeSecret(r.key());
    byte[] text = base64.reveal();
    base64.destroy();
    byte[] body = new byte[head.length + text.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(text, 0, body, head.length, text.length);
    System.arraycopy(tail, 0, body, head.length + text.length, tail.length);
    Arrays.fill(text, (byte) 0);
    return body;
  }

  public byte[] encodeBody(CloseResponse r) {
    ObjectNode o = mapper.createObjectNode().put("status", r.status().code());
    if (!r.status().isSuccess()) {
      o.put("message", r.status().name());
    }
    return bytes(o);
  }

  /** The 400 answer to a request that breaks the binding: {@code {"message": …}}. */
  public byte[] badRequest(String message) {
    return bytes(mapper.createObjectNode().put("message", message));
  }

  // ---- shared

  private RestFields answer(String call, int http, byte[] body) {
    String what = "ETSI 004 REST " + call + " answer";
    if (body.length > MAX_BODY) {
      throw new Etsi004ProtocolException(what + ": body larger than " + MAX_BODY + " bytes");
    }
    if (http == BAD_REQUEST) {
      String message = "";
      try {
        message = RestFields.parse(mapper, body, what).optionalText("message")
            .map(m -> " \"" + RestFields.shorten(m, 160) + "\"").orElse("");
      } catch (Etsi004ProtocolException e) {
        // no JSON message: the status code alone is reported
      }
      throw new Etsi004ProtocolException(what + ": HTTP 400, the KM refused our request"
          + message);
    }
    if (http != OK && http != UNAVAILABLE) {
      throw new Etsi004ProtocolException(what + ": HTTP " + http + ", expected 200 or 503");
    }
    return RestFields.parse(mapper, body, what + " (HTTP " + http + ")");
  }

  private static Status status(RestFields f, int http) {
    Status status = new Status(f.uint32("status"));
    if (http == OK && !status.isSuccess()) {
      throw f.error("status", status.code() + " with HTTP 200, expected 0");
    }
    if (http == UNAVAILABLE && status.isSuccess()) {
      throw f.error("status", "0 with HTTP 503, expected a failure status");
    }
    return status;
  }

  private RestFields request(String call, byte[] body) {
    String what = "ETSI 004 REST " + call + " request";
    if (body.length > MAX_BODY) {
      throw new Etsi004ProtocolException(what + ": body larger than " + MAX_BODY + " bytes");
    }
    RestFields f = RestFields.parse(mapper, body, what);
    f.destroy(); // a request carries no keys
    return f;
  }

  private ObjectNode qos(Qos q) {
    return mapper.createObjectNode().put("key_chunk_size", q.keyChunkSize())
        .put("max_bps", q.maxBps()).put("min_bps", q.minBps()).put("jitter", q.jitter())
        .put("priority", q.priority()).put("timeout", q.timeoutMs()).put("ttl", q.ttlSeconds())
        .put("metadata_mimetype", q.metadataMimetype());
  }

  private byte[] bytes(ObjectNode o) {
    try {
      return mapper.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON of a tree", e);
    }
  }
}
