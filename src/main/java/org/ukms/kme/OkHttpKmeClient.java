package org.ukms.kme;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.ConnectionSpec;
import okhttp3.Handshake;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.tls.HandshakeCertificates;
import okio.BufferedSource;
import org.ukms.config.EtsiMethod;
import org.ukms.config.KmeSettings;
import org.ukms.core.KeyId;

/**
 * {@link KmeClient} over OkHttp: TLS 1.2+ with an optional client certificate, plain HTTP only
 * where the configuration allowed it, connect and read timeouts, GET or POST forms, and strict
 * validation of every answer (C-10, C-12). Thread-safe.
 */
public final class OkHttpKmeClient implements KmeClient {
  static final MediaType JSON = MediaType.get("application/json");
  /** Largest body we read from a KME; a key container for WireGuard is ~150 bytes. */
  static final long MAX_BODY = 1 << 20;

  private final OkHttpClient http;
  private final HttpUrl base;
  private final EtsiMethod method;
  private final KmeJson json;
  private final ObjectMapper mapper;
  private final Map<String, KmeStatus> lastStatus = new ConcurrentHashMap<>();

  private OkHttpKmeClient(OkHttpClient http, HttpUrl base, EtsiMethod method, ObjectMapper mapper) {
    this.http = http;
    this.base = base;
    this.method = method;
    this.mapper = mapper;
    this.json = new KmeJson(mapper);
  }

  /**
   * A client for one KME. {@code shared} lends its connection pool and dispatcher; timeouts and
   * TLS come from {@code settings}. Fails if the PEM files cannot be loaded.
   */
  public static OkHttpKmeClient create(KmeSettings settings, OkHttpClient shared,
      ObjectMapper mapper) throws IOException {
    OkHttpClient.Builder builder = shared.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .readTimeout(settings.readTimeout())
        .writeTimeout(settings.readTimeout())
        .callTimeout(settings.connectTimeout().plus(settings.readTimeout().multipliedBy(2)))
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT));
    URI url = settings.url();
    if (url.getScheme().equalsIgnoreCase("https")) {
      HandshakeCertificates tls = TlsMaterial.load(settings.tls());
      builder.sslSocketFactory(tls.sslSocketFactory(), tls.trustManager());
    }
    if (settings.kmeId() != null) {
      builder.addNetworkInterceptor(kmeIdCheck(settings.kmeId(),
          CertificateField.parse(settings.kmeIdField())));
    }
    HttpUrl base = HttpUrl.get(url.toString());
    return new OkHttpKmeClient(builder.build(), base, settings.method(), mapper);
  }

  /**
   * C-04: on every connection, before the request is written, the KME's certificate must carry
   * {@code expected} in {@code field}; otherwise the call fails and nothing is sent.
   */
  static Interceptor kmeIdCheck(String expected, CertificateField field) {
    return chain -> {
      Handshake handshake = chain.connection() == null ? null : chain.connection().handshake();
      if (handshake == null || handshake.peerCertificates().isEmpty()) {
        throw new SSLPeerUnverifiedException("no KME certificate to read the KME ID from");
      }
      Optional<String> id = field.read((X509Certificate) handshake.peerCertificates().get(0));
      if (id.isEmpty() || !id.get().equals(expected)) {
        throw new SSLPeerUnverifiedException("the KME certificate's " + field.configName()
            + " is " + id.map(KmeJson::sanitise).map(v -> "\"" + v + "\"").orElse("absent")
            + ", expected \"" + expected + "\" (etsi_kme_id)");
      }
      return chain.proceed(chain.request());
    };
  }

  @Override
  public KmeStatus status(String slaveSaeId) throws KmeException {
    Request request = new Request.Builder().url(url(slaveSaeId, "status").build()).get().build();
    byte[] body = execute(request, "status");
    KmeStatus status = json.status(body);
    lastStatus.put(slaveSaeId, status);
    return status;
  }

  @Override
  public List<DeliveredKey> encKeys(String slaveSaeId, int number, int sizeBits)
      throws KmeException {
    if (number < 1 || sizeBits < 8 || sizeBits % 8 != 0) {
      throw new IllegalArgumentException("number >= 1 and size a positive multiple of 8");
    }
    refuseOutOfRange(slaveSaeId, number, sizeBits);
    HttpUrl.Builder url = url(slaveSaeId, "enc_keys");
    Request.Builder request = new Request.Builder();
    if (method == EtsiMethod.GET) {
      url.addQueryParameter("number", Integer.toString(number))
          .addQueryParameter("size", Integer.toString(sizeBits));
      request.get();
    } else {
      ObjectNode body = mapper.createObjectNode().put("number", number).put("size", sizeBits);
      request.post(RequestBody.create(body.toString(), JSON));
    }
    byte[] body = execute(request.url(url.build()).build(), "enc_keys");
    List<KmeJson.RawKey> raw = json.keyContainer(body);
    try {
      if (raw.size() != number) {
        throw new KmeProtocolException(
            "enc_keys: asked for " + number + " keys, got " + raw.size());
      }
      List<DeliveredKey> keys = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < raw.size(); i++) {
        DeliveredKey key = validated(raw.get(i), i, sizeBits);
        if (!seen.add(key.id().value().toLowerCase(Locale.ROOT))) {
          throw new KmeProtocolException("keys[" + i + "].key_ID: " + key.id() + " given twice");
        }
        keys.add(key);
      }
      return keys;
    } catch (KmeProtocolException e) {
      raw.forEach(k -> k.key().destroy());
      throw e;
    }
  }

  @Override
  public List<DeliveredKey> decKeys(String masterSaeId, List<KeyId> keyIds, int sizeBits)
      throws KmeException {
    if (keyIds.isEmpty()) {
      throw new IllegalArgumentException("no key_ID requested");
    }
    if (sizeBits != ANY_SIZE && (sizeBits < 8 || sizeBits % 8 != 0)) {
      throw new IllegalArgumentException("size a positive multiple of 8, or ANY_SIZE");
    }
    Set<String> wanted = new HashSet<>();
    for (KeyId id : keyIds) {
      if (!wanted.add(id.value().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("key_ID " + id + " requested twice");
      }
    }
    HttpUrl.Builder url = url(masterSaeId, "dec_keys");
    Request.Builder request = new Request.Builder();
    if (method == EtsiMethod.GET && keyIds.size() == 1) {
      url.addQueryParameter("key_ID", keyIds.get(0).value());
      request.get();
    } else {
      ObjectNode body = mapper.createObjectNode();
      var ids = body.putArray("key_IDs");
      keyIds.forEach(id -> ids.addObject().put("key_ID", id.value()));
      request.post(RequestBody.create(body.toString(), JSON));
    }
    byte[] body = execute(request.url(url.build()).build(), "dec_keys");
    List<KmeJson.RawKey> raw = json.keyContainer(body);
    try {
      return inRequestOrder(raw, keyIds, sizeBits);
    } catch (KmeProtocolException e) {
      raw.forEach(k -> k.key().destroy());
      throw e;
    }
  }

  private static List<DeliveredKey> inRequestOrder(List<KmeJson.RawKey> raw, List<KeyId> keyIds,
      int sizeBits) {
    if (raw.size() != keyIds.size()) {
      throw new KmeProtocolException(
          "dec_keys: asked for " + keyIds.size() + " keys, got " + raw.size());
    }
    DeliveredKey[] ordered = new DeliveredKey[keyIds.size()];
    for (int i = 0; i < raw.size(); i++) {
      DeliveredKey key = validated(raw.get(i), i, sizeBits);
      int slot = -1;
      for (int j = 0; j < keyIds.size(); j++) {
        if (keyIds.get(j).sameAs(key.id())) {
          slot = j;
        }
      }
      if (slot < 0) {
        throw new KmeProtocolException("keys[" + i + "].key_ID: " + key.id() + " was not requested");
      }
      if (ordered[slot] != null) {
        throw new KmeProtocolException("keys[" + i + "].key_ID: " + key.id() + " given twice");
      }
      ordered[slot] = key;
    }
    return Arrays.asList(ordered);
  }

  private static DeliveredKey validated(KmeJson.RawKey raw, int index, int sizeBits) {
    if (!KeyId.isValid(raw.keyId())) {
      throw new KmeProtocolException("keys[" + index + "].key_ID: not a canonical UUID");
    }
    if (sizeBits != ANY_SIZE && raw.key().length() * 8 != sizeBits) {
      throw new KmeProtocolException("keys[" + index + "].key: " + raw.key().length() * 8
          + " bits, expected " + sizeBits);
    }
    if (raw.key().length() == 0) {
      throw new KmeProtocolException("keys[" + index + "].key: empty");
    }
    return new DeliveredKey(new KeyId(raw.keyId()), raw.key());
  }

  /** C-09: with a known Status, never ask for what the KME says it cannot serve. */
  private void refuseOutOfRange(String slaveSaeId, int number, int sizeBits)
      throws KmeRejectedException {
    KmeStatus status = lastStatus.get(slaveSaeId);
    if (status == null) {
      return;
    }
    if (number > status.maxKeyPerRequest()) {
      throw new KmeRejectedException(0, null, "enc_keys not sent: " + number
          + " keys exceed the KME's max_key_per_request " + status.maxKeyPerRequest());
    }
    if (sizeBits < status.minKeySize() || sizeBits > status.maxKeySize()) {
      throw new KmeRejectedException(0, null, "enc_keys not sent: size " + sizeBits
          + " is outside the KME's [" + status.minKeySize() + ", " + status.maxKeySize() + "]");
    }
  }

  private HttpUrl.Builder url(String saeId, String call) {
    return base.newBuilder().addPathSegments("api/v1/keys").addPathSegment(saeId)
        .addPathSegment(call);
  }

  private byte[] execute(Request request, String call) throws KmeException {
    String where = call + " at " + base.host() + ":" + base.port();
    try (Response response = http.newCall(request).execute()) {
      byte[] body = read(response.body(), where);
      if (!response.isSuccessful()) {
        String message = json.errorMessage(body).orElse(null);
        Arrays.fill(body, (byte) 0);
        throw new KmeRejectedException(response.code(), message, where + " answered "
            + response.code() + (message == null ? "" : " \"" + message + "\""));
      }
      return body;
    } catch (IOException e) {
      throw new KmeUnavailableException(where + " failed: " + describe(e), e);
    }
  }

  private static byte[] read(ResponseBody body, String where) throws IOException {
    BufferedSource source = body.source();
    if (source.request(MAX_BODY + 1)) {
      throw new KmeProtocolException(where + ": body larger than " + MAX_BODY + " bytes");
    }
    return source.readByteArray();
  }

  static String describe(IOException e) {
    String message = e.getMessage();
    String kind = e.getClass().getSimpleName();
    return message == null ? kind : kind + ": " + KmeJson.sanitise(message);
  }
}
