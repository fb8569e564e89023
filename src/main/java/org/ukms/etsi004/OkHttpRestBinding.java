package org.ukms.etsi004;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okio.BufferedSource;

/**
 * The qkd-module REST binding ({@link RestCodec}) over OkHttp: {@code https://HOST:PORT} with
 * mutual TLS (the caller's {@link HandshakeCertificates} hold the trusted CA and our client
 * certificate; the KM's certificate must name the host, E004-TLS-01), or {@code http://} to a
 * loopback host only. The read timeout is the QoS timeout plus a margin, as with the binary
 * binding (E004-TLS-02). Answers are read up to {@link RestCodec#MAX_BODY}; HTTP 500, 502, 504
 * and the like count as "unreachable" (an {@link IOException}: the caller retries later), other
 * unexpected codes break the binding. No request is retried or redirected: GET_KEY is not
 * idempotent. Thread-safe.
 */
public final class OkHttpRestBinding implements Etsi004Binding {
  static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient http;
  private final HttpUrl base;
  private final RestCodec codec;

  private OkHttpRestBinding(OkHttpClient http, HttpUrl base, RestCodec codec) {
    this.http = http;
    this.base = base;
    this.codec = codec;
  }

  /**
   * A binding to the KM at {@code host:port}: over https when {@code tls} is given, else plain
   * http, which only a loopback {@code host} may use. {@code shared} lends its connection pool.
   */
  public static OkHttpRestBinding create(OkHttpClient shared, String host, int port,
      HandshakeCertificates tls, Qos qos, ObjectMapper mapper) {
    Objects.requireNonNull(host, "host");
    if (tls == null && !isLoopback(host)) {
      throw new IllegalArgumentException("plain HTTP to a non-loopback key manager is refused: "
          + host);
    }
    Duration read = SocketTransport.readTimeout(qos);
    OkHttpClient.Builder b = shared.newBuilder()
        .connectTimeout(SocketTransport.CONNECT_TIMEOUT)
        .readTimeout(read)
        .writeTimeout(SocketTransport.CONNECT_TIMEOUT)
        .callTimeout(SocketTransport.CONNECT_TIMEOUT.multipliedBy(2).plus(read))
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .connectionSpecs(List.of(tls == null ? ConnectionSpec.CLEARTEXT
            : ConnectionSpec.MODERN_TLS));
    if (tls != null) {
      b.sslSocketFactory(tls.sslSocketFactory(), tls.trustManager());
    }
    HttpUrl base = new HttpUrl.Builder().scheme(tls == null ? "http" : "https").host(host)
        .port(port).build();
    return new OkHttpRestBinding(b.build(), base, new RestCodec(mapper));
  }

  /** The base URL, e.g. {@code https://127.0.0.1:25576/}. */
  public HttpUrl base() {
    return base;
  }

  int readTimeoutMillis() {
    return http.readTimeoutMillis();
  }

  @Override
  public OpenConnectResponse openConnect(OpenConnectRequest request) throws IOException {
    Answer a = post(RestCodec.OPEN_CONNECT, codec.encode(request));
    return codec.decodeOpenConnectResponse(a.code, a.body, request);
  }

  @Override
  public GetKeyResponse getKey(GetKeyRequest request) throws IOException {
    Answer a = post(RestCodec.GET_KEY, codec.encode(request));
    try {
      return codec.decodeGetKeyResponse(a.code, a.body, request);
    } finally {
      Arrays.fill(a.body, (byte) 0);
    }
  }

  @Override
  public CloseResponse close(CloseRequest request) throws IOException {
    Answer a = post(RestCodec.CLOSE, codec.encode(request));
    return codec.decodeCloseResponse(a.code, a.body);
  }

  private static final class Answer {
    final int code;
    final byte[] body;

    Answer(int code, byte[] body) {
      this.code = code;
      this.body = body;
    }
  }

  private Answer post(String call, byte[] json) throws IOException {
    HttpUrl url = base.newBuilder().addPathSegments(RestCodec.PREFIX.substring(1))
        .addPathSegment(call).build();
    Request request = new Request.Builder().url(url).post(RequestBody.create(json, JSON))
        .build();
    try (Response response = http.newCall(request).execute()) {
      int code = response.code();
      if (code >= 500 && code != RestCodec.UNAVAILABLE) {
        throw new IOException("HTTP " + code + " from " + base.host() + ":" + base.port());
      }
      BufferedSource source = response.body().source();
      if (source.request(RestCodec.MAX_BODY + 1L)) {
        throw new Etsi004ProtocolException("ETSI 004 REST " + call + " answer: body larger "
            + "than " + RestCodec.MAX_BODY + " bytes");
      }
      return new Answer(code, source.readByteArray());
    }
  }

  static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost") || h.equals("::1")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }
}
