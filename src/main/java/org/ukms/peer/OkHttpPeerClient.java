package org.ukms.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.ukms.core.KeyId;
import org.ukms.core.V1PeerRotation;

/**
 * {@link PeerClient} over OkHttp, as the uKMS wire protocol wants it: {@code GET} with no query,
 * no trailing slash and no body; the answer may be HTTP/1.0 with no Content-Length (read to EOF),
 * any JSON spacing, extra members ignored.
 */
public final class OkHttpPeerClient implements PeerClient {
  static final long MAX_BODY = 64 * 1024;

  private final OkHttpClient http;
  private final ObjectMapper mapper;

  public OkHttpPeerClient(OkHttpClient http, ObjectMapper mapper) {
    this.http = http.newBuilder().retryOnConnectionFailure(false).followRedirects(false).build();
    this.mapper = mapper;
  }

  @Override
  public KeyId requestV1(URI ukmsUrl, String sourceKmeId, V1PeerRotation.Call call,
      Duration timeout) throws PeerException {
    HttpUrl url = HttpUrl.get(ukmsUrl.toString()).newBuilder()
        .addPathSegments("api/v1/peer").addPathSegment(sourceKmeId).addPathSegment(call.path())
        .build();
    String where = "/" + call.path() + " at " + url.host() + ":" + url.port();
    Request request = new Request.Builder().url(url).get().header("Connection", "close").build();
    OkHttpClient client = http.newBuilder().callTimeout(timeout).connectTimeout(timeout)
        .readTimeout(timeout).build();
    try (Response response = client.newCall(request).execute()) {
      BufferedSource source = response.body().source();
      if (source.request(MAX_BODY + 1)) {
        throw PeerException.malformed(where + ": answer larger than " + MAX_BODY + " bytes");
      }
      byte[] body = source.readByteArray();
      String type = response.header("Content-Type", "");
      if (type.toLowerCase(java.util.Locale.ROOT).contains("html")) {
        // uKMS and ukms answer JSON or plain text, never a web page.
        throw PeerException.answered(response.code() >= 500 ? response.code() : 400,
            "the server at " + ukmsUrl + " is not a ukms peer API (answered " + response.code()
                + " to " + url.encodedPath() + " with an HTML page): check ukms_url");
      }
      if (response.code() != 200) {
        throw PeerException.answered(response.code(), where + " answered " + response.code());
      }
      return keyId(body, where);
    } catch (IOException e) {
      throw PeerException.unavailable(where + " failed: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }
  }

  private KeyId keyId(byte[] body, String where) throws PeerException {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (IOException e) {
      throw PeerException.malformed(where + ": answer is not JSON");
    }
    JsonNode id = root == null ? null : root.get("key_ID");
    if (id == null || !id.isTextual()) {
      throw PeerException.malformed(where + ": answer has no string member \"key_ID\"");
    }
    if (!KeyId.isValid(id.asText())) {
      throw PeerException.malformed(where + ": key_ID is not a canonical UUID");
    }
    return new KeyId(id.asText());
  }
}
