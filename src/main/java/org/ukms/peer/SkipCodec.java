package org.ukms.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.function.Function;
import org.ukms.core.Blob;
import org.ukms.core.SkipMessage;
import org.ukms.core.V2Schedule;

/**
 * The wire of the v2 {@code skip} step (docs/protocol-v2.md, "The skip step"): each
 * {@link SkipMessage} as a JSON body and an HTTP status. Decoding is strict about the fields a
 * message needs and tolerant of extra ones; a malformed request is an
 * {@link IllegalArgumentException} naming the field, a malformed answer a
 * {@link SkipMessage.Failed}.
 */
public final class SkipCodec {
  public static final String STEP = "skip";
  /** The answer of a daemon without a [skip] table. */
  static final V2Responder.Answer DISABLED =
      answer(new SkipMessage.Refused(SkipMessage.Reason.DISABLED, "SKIP not enabled"));

  private SkipCodec() {}

  public static String encodeSync(SkipMessage.Sync s) {
    ObjectNode o = V2Codec.MAPPER.createObjectNode().put("skip_key_id", s.keyId())
        .put("size_bits", s.sizeBits()).put("system_id", s.systemId())
        .put("remote_system_id", s.remoteSystemId()).put("mode", s.mode().wireName());
    if (s.keyRef() != null) {
      o.put("key_ID", s.keyRef().value());
    }
    if (s.kemEk() != null) {
      o.put("kem_ek", V2Codec.b64(s.kemEk()));
    }
    return o.toString();
  }

  /** The sync in {@code body}; a missing or malformed field is an exception naming it. */
  static SkipMessage.Sync decodeSync(JsonNode body) {
    V2Schedule.Mode mode = V2Codec.mode(body);
    JsonNode size = body.get("size_bits");
    if (size == null || !size.isInt()) {
      throw new IllegalArgumentException("missing size_bits");
    }
    return new SkipMessage.Sync(V2Codec.text(body, "skip_key_id"), size.asInt(),
        V2Codec.text(body, "system_id"), V2Codec.text(body, "remote_system_id"), mode,
        V2Codec.keyRef(body), body.has("kem_ek") ? V2Codec.blob(body, "kem_ek") : null);
  }

  /** The status and body of an answer ({@link SkipMessage.Synced} or {@link SkipMessage.Refused}). */
  static V2Responder.Answer answer(SkipMessage answer) {
    ObjectNode o = V2Codec.MAPPER.createObjectNode();
    if (answer instanceof SkipMessage.Synced s) {
      if (s.kemCt() != null) {
        o.put("kem_ct", V2Codec.b64(s.kemCt()));
      }
      return new V2Responder.Answer(200, o.put("confirm", V2Codec.b64(s.confirm()))
          .toString());
    }
    if (answer instanceof SkipMessage.Refused r) {
      return new V2Responder.Answer(r.reason().status(),
          o.put("reason", r.reason().wireName()).put("error", r.detail()).toString());
    }
    throw new IllegalArgumentException("not an answer: " + answer.getClass().getSimpleName());
  }

  /**
   * What the daemon's {@link V2Responder#skip} does with a request body: decode it (a malformed
   * one is refused, naming the field), let {@code handler} answer it, encode the answer.
   */
  public static V2Responder.Answer respond(JsonNode body,
      Function<SkipMessage.Sync, SkipMessage> handler) {
    SkipMessage.Sync sync;
    try {
      sync = decodeSync(body);
    } catch (IllegalArgumentException e) {
      return answer(new SkipMessage.Refused(SkipMessage.Reason.MALFORMED, e.getMessage()));
    }
    return answer(handler.apply(sync));
  }

  /** An authentic answer: {@link SkipMessage.Synced}, {@link SkipMessage.Refused} or Failed. */
  public static SkipMessage decodeAnswer(int status, JsonNode body) {
    try {
      if (status == 200) {
        return new SkipMessage.Synced(body.has("kem_ct") ? V2Codec.blob(body, "kem_ct") : null,
            V2Codec.blob(body, "confirm"));
      }
      if (body.has("reason")) {
        String reason = V2Codec.text(body, "reason").toUpperCase(Locale.ROOT);
        for (SkipMessage.Reason r : SkipMessage.Reason.values()) {
          if (r.name().equals(reason) && r.status() == status) {
            return new SkipMessage.Refused(r, V2Codec.clip(body.path("error").asText("")));
          }
        }
      }
      return new SkipMessage.Failed("answered " + status
          + (body.has("error") ? ": " + V2Codec.clip(body.path("error").asText("")) : ""));
    } catch (IllegalArgumentException e) {
      return new SkipMessage.Failed("malformed " + status + " answer: " + e.getMessage());
    }
  }

}
