package org.ukms.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.function.Function;
import org.ukms.core.V2Message;
import org.ukms.peer.V2Codec;
import org.ukms.peer.V2Responder;
import org.ukms.peer.V2Transport;

/**
 * A v2 transport that hands each request, through the real codec, straight to a responder in
 * the same JVM: the wire without HTTP or authentication, for driving two sessions back to back.
 */
public final class InMemoryV2Transport implements V2Transport {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private volatile Function<JsonNode, V2Responder.Answer> offer;
  private volatile Function<JsonNode, V2Responder.Answer> confirm;

  /** Connects to the responder's offer and confirm handlers (after both sides exist). */
  public void connect(Function<JsonNode, V2Responder.Answer> offer,
      Function<JsonNode, V2Responder.Answer> confirm) {
    this.offer = offer;
    this.confirm = confirm;
  }

  @Override
  public V2Message send(V2Message request) {
    try {
      JsonNode body = MAPPER.readTree(V2Codec.encodeRequest(request));
      V2Responder.Answer a = request instanceof V2Message.Offer ? offer.apply(body)
          : confirm.apply(body);
      return V2Codec.decodeAnswer(V2Codec.step(request), a.status(), MAPPER.readTree(a.json()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
