package org.ukms.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/** Signed v2 requests to a peer; answers that fail authentication are discarded (an error). */
public final class OkHttpV2Client {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final long MAX_BODY = 16 * 1024;

  private final OkHttpClient http;
  private final ObjectMapper mapper;

  public OkHttpV2Client(OkHttpClient http, ObjectMapper mapper) {
    this.http = http.newBuilder().retryOnConnectionFailure(false).followRedirects(false).build();
    this.mapper = mapper;
  }

  /** A transport to the peer at {@code ukmsUrl}, signing with {@code auth}. */
  public V2Transport transport(URI ukmsUrl, V2Auth auth, Duration timeout) {
    return request -> {
      String step = V2Codec.step(request);
      try {
        Reply reply = post(ukmsUrl, step, auth, V2Codec.encodeRequest(request), timeout);
        return V2Codec.decodeAnswer(step, reply.status(), reply.body());
      } catch (PeerException e) {
        return new org.ukms.core.V2Message.Failed(e.isTransient(), e.getMessage());
      }
    };
  }

  /**
   * A channel for SKIP key synchronisations ({@code POST /api/v2/peer/skip}) to the peer at
   * {@code ukmsUrl}, signing with {@code auth}; every call ends within {@code timeout}.
   */
  public org.ukms.core.SkipMessage.Channel skipChannel(URI ukmsUrl, V2Auth auth,
      Duration timeout) {
    return sync -> {
      try {
        Reply reply = post(ukmsUrl, SkipCodec.STEP, auth, SkipCodec.encodeSync(sync), timeout);
        return SkipCodec.decodeAnswer(reply.status(), reply.body());
      } catch (PeerException e) {
        return new org.ukms.core.SkipMessage.Failed(e.getMessage());
      }
    };
  }

  /** An answer with no Ukms-Auth signature: every ukms v2 answer but a 401 carries one. */
  static String notUkms(URI ukmsUrl, String path, int status, String contentType) {
    String type = contentType == null ? ""
        : " with " + contentType.replaceAll("[^\\x20-\\x7e]", "?");
    return "the server at " + ukmsUrl + " is not a ukms peer API (answered " + status + " to "
        + path + type + ", unsigned): check ukms_url, and that the peer runs ukms with "
        + "protocol = \"v2\"";
  }

  /** An authenticated answer: its status and JSON body. */
  public record Reply(int status, JsonNode body) {}

  public Reply post(URI ukmsUrl, String step, V2Auth auth, String json, Duration timeout)
      throws PeerException {
    HttpUrl url = HttpUrl.get(ukmsUrl.toString()).newBuilder()
        .addPathSegments("api/v2/peer").addPathSegment(step).build();
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    V2Auth.Signed signed = auth.signRequest("POST", url.encodedPath(), body);
    Request request = new Request.Builder().url(url).header(V2Auth.HEADER, signed.header())
        .post(RequestBody.create(body, JSON)).build();
    String where = "v2 " + step + " at " + url.host() + ":" + url.port();
    OkHttpClient client = http.newBuilder().callTimeout(timeout).connectTimeout(timeout)
        .readTimeout(timeout).build();
    try (Response response = client.newCall(request).execute()) {
      BufferedSource source = response.body().source();
      if (source.request(MAX_BODY + 1)) {
        throw PeerException.malformed(where + ": answer larger than " + MAX_BODY + " bytes");
      }
      byte[] answer = source.readByteArray();
      String signature = response.header(V2Auth.HEADER);
      if (response.code() == 401) {
        throw PeerException.answered(401, Refusals.explain(ukmsUrl, url.encodedPath(), auth,
            answer, mapper));
      }
      if (signature == null) {
        throw PeerException.answered(response.code() >= 500 ? response.code() : 400,
            notUkms(ukmsUrl, url.encodedPath(), response.code(), response.header("Content-Type")));
      }
      if (!auth.verifyResponse(signed.nonce(), response.code(), signature, answer)) {
        throw PeerException.malformed(where + ": answer failed authentication; discarded");
      }
      JsonNode node = answer.length == 0 ? mapper.createObjectNode() : mapper.readTree(answer);
      return new Reply(response.code(), node);
    } catch (IOException e) {
      throw PeerException.unavailable(where + " failed: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }
  }
}
