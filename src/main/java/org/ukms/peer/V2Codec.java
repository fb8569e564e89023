package org.ukms.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Locale;
import org.ukms.core.Blob;
import org.ukms.core.KeyRef;
import org.ukms.core.V2Message;
import org.ukms.core.V2Schedule;

/**
 * The v2 wire (docs/protocol-v2.md section 5): each {@link V2Message} as a JSON body and an HTTP
 * status. Decoding is strict about the fields a message needs and tolerant of extra ones; a
 * malformed request is an {@link IllegalArgumentException} naming the field, a malformed answer
 * decodes to {@link V2Message.Failed}.
 */
public final class V2Codec {
  /** For building JSON trees (the v2 and SKIP bodies); never configured. */
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  /** The largest public field: an ML-KEM-1024 key or ciphertext. */
  private static final int MAX_BLOB = 1568;

  private V2Codec() {}

  /** A status and a JSON body. */
  public record Encoded(int status, String json) {}

  /** The path step of a request: {@code offer} or {@code confirm}. */
  public static String step(V2Message request) {
    if (request instanceof V2Message.Offer) {
      return "offer";
    }
    if (request instanceof V2Message.Confirm) {
      return "confirm";
    }
    throw new IllegalArgumentException("not a request: " + request.getClass().getSimpleName());
  }

  public static String encodeRequest(V2Message request) {
    ObjectNode o = MAPPER.createObjectNode();
    if (request instanceof V2Message.Offer offer) {
      o.put("epoch", offer.epoch()).put("mode", offer.mode().wireName())
          .put("chain", b64(offer.chain()));
      if (offer.keyId() != null) {
        o.put("key_ID", offer.keyId().value());
      }
      if (offer.kemEk() != null) {
        o.put("kem_ek", b64(offer.kemEk()));
      }
    } else if (request instanceof V2Message.Confirm c) {
      o.put("epoch", c.epoch()).put("confirm", b64(c.proof()));
    } else {
      throw new IllegalArgumentException("not a request: " + request.getClass().getSimpleName());
    }
    return o.toString();
  }

  public static V2Message.Offer decodeOffer(JsonNode body) {
    V2Schedule.Mode m = mode(body);
    return new V2Message.Offer(epoch(body, "epoch"), m, blob(body, "chain"), keyRef(body),
        body.has("kem_ek") ? blob(body, "kem_ek") : null);
  }

  /** The required {@code mode} member (also the SKIP step's). */
  static V2Schedule.Mode mode(JsonNode body) {
    String mode = text(body, "mode");
    try {
      return V2Schedule.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown mode");
    }
  }

  /** The optional {@code key_ID} member, a key source's reference (also the SKIP step's). */
  static KeyRef keyRef(JsonNode body) {
    String keyId = body.has("key_ID") ? text(body, "key_ID") : null;
    if (keyId != null && !KeyRef.isValid(keyId)) {
      throw new IllegalArgumentException("key_ID is not a key reference");
    }
    return keyId == null ? null : new KeyRef(keyId);
  }

  public static V2Message.Confirm decodeConfirm(JsonNode body) {
    return new V2Message.Confirm(epoch(body, "epoch"), blob(body, "confirm"));
  }

  /** The answer to a request: its status and body. */
  public static Encoded encodeAnswer(V2Message answer) {
    ObjectNode o = MAPPER.createObjectNode();
    if (answer instanceof V2Message.Accept a) {
      o.put("epoch", a.epoch());
      if (a.kemCt() != null) {
        o.put("kem_ct", b64(a.kemCt()));
      }
      o.put("confirm", b64(a.proof()));
      return new Encoded(200, o.toString());
    }
    if (answer instanceof V2Message.Ack a) {
      return new Encoded(200, o.put("epoch", a.epoch()).put("ack", b64(a.proof())).toString());
    }
    if (answer instanceof V2Message.Busy b) {
      return new Encoded(409, o.put("initiator", b.initiator()).toString());
    }
    if (answer instanceof V2Message.Mismatch m) {
      o.put("epoch", m.epoch()).put("chain", b64(m.chain()));
      if (m.previousChain() != null) {
        o.put("previous_epoch", m.previousEpoch()).put("previous_chain", b64(m.previousChain()));
      }
      return new Encoded(409, o.toString());
    }
    if (answer instanceof V2Message.Refused r) {
      return new Encoded(status(r.reason()), o.put("reason", r.reason().wireName())
          .put("error", r.detail()).toString());
    }
    throw new IllegalArgumentException("not an answer: " + answer.getClass().getSimpleName());
  }

  /** HTTP status of a refusal. */
  static int status(V2Message.Reason reason) {
    switch (reason) {
      case NO_EXCHANGE:
        return 409;
      case UNAVAILABLE:
        return 503;
      default:
        return 400;
    }
  }

  /**
   * An authentic answer to a request of {@code step}; a body that does not fit decodes to
   * {@link V2Message.Failed} (not transient: the peer answers, but not as v2 expects).
   */
  public static V2Message decodeAnswer(String step, int status, JsonNode body) {
    try {
      if (status == 200 && step.equals("offer")) {
        return new V2Message.Accept(epoch(body, "epoch"),
            body.has("kem_ct") ? blob(body, "kem_ct") : null, blob(body, "confirm"));
      }
      if (status == 200 && step.equals("confirm")) {
        return new V2Message.Ack(epoch(body, "epoch"), blob(body, "ack"));
      }
      if (status == 409 && body.has("initiator")) {
        return new V2Message.Busy(text(body, "initiator"));
      }
      if (status == 409 && body.has("chain")) {
        boolean prev = body.has("previous_chain");
        return new V2Message.Mismatch(epoch(body, "epoch"), blob(body, "chain"),
            prev ? epoch(body, "previous_epoch") : -1, prev ? blob(body, "previous_chain") : null);
      }
      if (body.has("reason")) {
        String reason = text(body, "reason").toUpperCase(Locale.ROOT);
        String detail = body.path("error").asText("");
        for (V2Message.Reason r : V2Message.Reason.values()) {
          if (r.name().equals(reason) && status(r) == status) {
            return new V2Message.Refused(r, clip(detail));
          }
        }
      }
      return new V2Message.Failed(status >= 500, "answered " + status
          + (body.has("error") ? ": " + clip(body.path("error").asText("")) : ""));
    } catch (IllegalArgumentException e) {
      return new V2Message.Failed(false, "malformed " + status + " answer: " + e.getMessage());
    }
  }

  /** A peer's text made printable and at most 200 characters, for a log line. */
  static String clip(String s) {
    String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 200 ? printable.substring(0, 200) + "…" : printable;
  }

  static String b64(Blob b) {
    return B64.encodeToString(b.bytes());
  }

  /** A required string member (also the SKIP step's). */
  static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return v.asText();
  }

  private static long epoch(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
      throw new IllegalArgumentException("missing or negative " + field);
    }
    return v.asLong();
  }

  /** A required Base64 member of at most an ML-KEM-1024 key's size (also the SKIP step's). */
  static Blob blob(JsonNode body, String field) {
    String text = text(body, field);
    if (text.length() > 4 * ((MAX_BLOB + 2) / 3)) {
      throw new IllegalArgumentException(field + " too long");
    }
    try {
      return Blob.of(B64D.decode(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " is not Base64");
    }
  }
}
