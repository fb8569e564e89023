package org.ukms.sim;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.ukms.crypto.StrictBase64;
import org.ukms.http.HttpHandler;
import org.ukms.http.HttpReply;
import org.ukms.http.HttpRequest;
import org.ukms.kme.DeliveredKey;
import org.ukms.kme.KmeStatus;

/**
 * The ETSI GS QKD 014 HTTP front end of a {@link SimulatedKme}: routes, GET and POST forms,
 * strict request validation with the standard's fixed messages, caller identity, fault
 * injection. The three 014 routes answer only 200, 400, 401 and 503 (S-23); an unknown route is
 * 404 and a wrong method 405. Every answer is {@code application/json} (S-04).
 */
public final class EtsiFrontEnd implements HttpHandler {
  private static final System.Logger logger = System.getLogger("org.ukms.sim");
  static final String PREFIX = "/api/v1/keys/";
  /** Request bodies larger than this are refused (400); the server reads one byte more. */
  public static final int MAX_BODY = 64 * 1024;
  private static final Pattern NOT_PRINTABLE = Pattern.compile("[^\\x20-\\x7e]");

  private final SimulatedKme store;
  private final CallerIdentity callers;
  private final Predicate<InetAddress> allowedClients;
  private final Faults faults;
  private final ObjectMapper mapper;
  private final SimMetrics metrics;

  public EtsiFrontEnd(SimulatedKme store, CallerIdentity callers,
      Predicate<InetAddress> allowedClients, Faults faults, ObjectMapper mapper) {
    this.store = store;
    this.callers = callers;
    this.allowedClients = allowedClients;
    this.faults = faults;
    this.mapper = mapper;
    this.metrics = new SimMetrics(store);
  }

  /**
   * Whether answering may wait (injected latency, or a BB84 slot still to arrive): then it needs
   * its own threads, never the server's I/O threads.
   */
  @Override
  public boolean mayBlock() {
    return !faults.latency().isZero() || store.bb84Links().isPresent();
  }

  public SimulatedKme store() {
    return store;
  }

  /** The Prometheus text of this front end's counters and its store's pools. */
  public String metricsText() {
    return metrics.render();
  }

  @Override
  public HttpReply handle(HttpRequest request) {
    String[] route = {"unknown"};
    try {
      return serve(request, route);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      metrics.count(route[0], 0);
      return HttpReply.drop();
    } catch (RuntimeException e) {
      // A bug, not the client's fault: one log line and a 503, never a silent hang-up.
      logger.log(System.Logger.Level.ERROR, "route=" + route[0] + " internal error: " + e);
      return reply(route[0], new SimAnswer.Refused(503, "internal error"));
    }
  }

  /** Answers one request; {@code route[0]} is set once the route is known, for the counters. */
  private HttpReply serve(HttpRequest request, String[] route) throws InterruptedException {
    String path = request.rawPath();
    String[] parts = path.startsWith(PREFIX)
        ? path.substring(PREFIX.length()).split("/", -1) : new String[0];
    if (parts.length != 2 || parts[0].isEmpty()
        || !List.of("status", "enc_keys", "dec_keys").contains(parts[1])) {
      return reply(route[0], new SimAnswer.Refused(404, "no such route: " + clip(path)));
    }
    route[0] = parts[1];
    String method = request.method();
    if (!method.equals("GET") && !(method.equals("POST") && !route[0].equals("status"))) {
      return reply(route[0], new SimAnswer.Refused(405, "method " + clip(method)
          + " is not allowed on " + route[0]))
          .withHeader("Allow", route[0].equals("status") ? "GET" : "GET, POST");
    }
    if (!allowedClients.test(request.remoteAddress())) {
      return reply(route[0], new SimAnswer.Refused(401,
          "this fake KME answers loopback clients only"));
    }
    Optional<String> caller = callers.caller(request);
    if (caller.isEmpty()) {
      return reply(route[0], new SimAnswer.Refused(401, "unknown SAE"));
    }
    faults.delay();
    if (faults.unavailable()) {
      return reply(route[0], new SimAnswer.Refused(503, "injected fault: unavailable"));
    }
    SimAnswer answer = dispatch(request, route[0], caller.get(), parts[0]);
    if (faults.drop()) {
      metrics.count(route[0], 0); // 0: no answer
      if (answer instanceof SimAnswer.Keys keys) {
        keys.keys().forEach(k -> k.key().destroy());
      }
      logger.log(System.Logger.Level.DEBUG, "route=" + route[0] + " injected=drop");
      return HttpReply.drop();
    }
    HttpReply reply = reply(route[0], answer);
    if (logger.isLoggable(System.Logger.Level.DEBUG)) {
      logger.log(System.Logger.Level.DEBUG, "caller=" + caller.get() + " route=" + route[0]
          + " status=" + reply.status());
    }
    return reply;
  }

  private SimAnswer dispatch(HttpRequest request, String route, String caller, String rawSae) {
    boolean post = request.method().equals("POST");
    try {
      String sae = EtsiQuery.decode(rawSae.replace("+", "%2B"));
      switch (route) {
        case "status":
          if (request.rawQuery() != null) {
            return bad("status takes no query parameters");
          }
          return store.status(caller, sae);
        case "enc_keys":
          EtsiQuery.KeyRequest r = post ? encBody(read(request))
              : EtsiQuery.encKeys(request.rawQuery());
          return r.refused() != null ? r.refused()
              : store.encKeys(caller, sae, r.number(),
                  r.size() == 0 ? store.settings().keySizeBits() : r.size());
        default:
          List<String> ids = post ? decBody(read(request)) : EtsiQuery.decKeys(request.rawQuery());
          return store.decKeys(caller, sae, ids);
      }
    } catch (BadRequest e) {
      return e.refused;
    }
  }

  private EtsiQuery.KeyRequest encBody(JsonNode body) {
    int number = 1;
    int size = 0;
    JsonNode n = body.get("number");
    if (n != null) {
      number = jsonInt("number", n);
    }
    JsonNode s = body.get("size");
    if (s != null) {
      size = jsonInt("size", s);
      if (size == 0) {
        throw new BadRequest("size must be positive");
      }
    }
    JsonNode extra = body.get("additional_slave_SAE_IDs");
    if (extra != null) {
      if (!extra.isArray() || !allText(extra)) {
        throw new BadRequest("additional_slave_SAE_IDs must be an array of strings");
      }
      if (extra.size() > 0) {
        throw new BadRequest("additional_slave_SAE_IDs: at most 0 entries (max_SAE_ID_count)");
      }
    }
    List<String> mandatory = extensionNames("extension_mandatory", body.get("extension_mandatory"));
    if (!mandatory.isEmpty()) {
      return new EtsiQuery.KeyRequest(0, 0, new SimAnswer.Refused(400,
          "not all extension_mandatory parameters are supported",
          List.of(Map.of("extension_mandatory_unsupported",
              String.join(", ", mandatory) + " not supported"))));
    }
    List<String> optional = extensionNames("extension_optional", body.get("extension_optional"));
    if (!optional.isEmpty() && store.settings().refuseOptionalExtensions()) {
      return new EtsiQuery.KeyRequest(0, 0, new SimAnswer.Refused(400,
          "not all extension_optional request options handled",
          List.of(Map.of("extension_optional_unhandled", String.join(", ", optional)))));
    }
    return new EtsiQuery.KeyRequest(number, size, null);
  }

  private static List<String> decBody(JsonNode body) {
    JsonNode list = body.get("key_IDs");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new BadRequest("key_IDs must be a non-empty array");
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode entry : list) {
      JsonNode id = entry.isObject() ? entry.get("key_ID") : null;
      if (id == null || !id.isTextual()) {
        throw new BadRequest("key_IDs[" + ids.size() + "].key_ID must be a string");
      }
      ids.add(id.asText());
    }
    return ids;
  }

  /** Names of an extension list: an array of one-pair objects, or leniently one object. */
  private static List<String> extensionNames(String field, JsonNode value) {
    List<String> names = new ArrayList<>();
    if (value == null) {
      return names;
    }
    List<JsonNode> entries = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(entries::add);
    } else if (value.isObject()) {
      entries.add(value);
    } else {
      throw new BadRequest(field + " must be an array of objects");
    }
    for (JsonNode entry : entries) {
      if (!entry.isObject()) {
        throw new BadRequest(field + " must be an array of objects");
      }
      Iterator<String> it = entry.fieldNames();
      it.forEachRemaining(name -> names.add(clip(name)));
    }
    return names;
  }

  private JsonNode read(HttpRequest request) {
    byte[] bytes = request.body();
    if (bytes.length > MAX_BODY) {
      throw new BadRequest("request body larger than " + MAX_BODY + " bytes");
    }
    try {
      JsonNode node = mapper.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new BadRequest("the body must be a JSON object");
      }
      return node;
    } catch (IOException e) {
      // Parsing bytes in memory: every IOException is the body's fault, including Jackson's
      // CharConversionException for an encoding it cannot detect, which is no
      // JsonProcessingException.
      throw new BadRequest("malformed JSON body");
    }
  }

  private static int jsonInt(String name, JsonNode node) {
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 0) {
      throw new BadRequest(name + " must be a non-negative integer");
    }
    return node.asInt();
  }

  private static boolean allText(JsonNode array) {
    for (JsonNode n : array) {
      if (!n.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static SimAnswer bad(String message) {
    return new SimAnswer.Refused(400, message);
  }

  /**
   * Counts the answer, then makes it, so counters never lag what a client has seen. A Key
   * container is a secret reply: the server zeroes it once written; the keys are destroyed here.
   */
  private HttpReply reply(String route, SimAnswer answer) {
    int code = answer instanceof SimAnswer.Refused r ? r.status() : 200;
    metrics.count(route, code);
    if (answer instanceof SimAnswer.Keys keys) {
      try {
        return HttpReply.secret(200, "application/json", keyContainer(keys.keys()));
      } finally {
        keys.keys().forEach(k -> k.key().destroy());
      }
    }
    if (answer instanceof SimAnswer.Status s) {
      return HttpReply.json(200, status(s.status()));
    }
    SimAnswer.Refused refused = (SimAnswer.Refused) answer;
    var error = mapper.createObjectNode().put("message", refused.message());
    if (!refused.details().isEmpty()) {
      var details = error.putArray("details");
      refused.details().forEach(d -> {
        var o = details.addObject();
        d.forEach(o::put);
      });
    }
    return HttpReply.json(refused.status(), error.toString());
  }

  /** A Key container written straight from the secrets; the buffer is wiped by the server. */
  private byte[] keyContainer(List<DeliveredKey> keys) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (JsonGenerator g = mapper.getFactory().createGenerator(buffer)) {
      g.writeStartObject();
      g.writeArrayFieldStart("keys");
      for (DeliveredKey key : keys) {
        byte[] b64 = StrictBase64.encodeSecret(key.key()).reveal();
        char[] chars = new char[b64.length];
        for (int i = 0; i < b64.length; i++) {
          chars[i] = (char) b64[i];
        }
        g.writeStartObject();
        g.writeStringField("key_ID", key.id().value());
        g.writeFieldName("key");
        g.writeString(chars, 0, chars.length);
        g.writeEndObject();
        Arrays.fill(b64, (byte) 0);
        Arrays.fill(chars, '\0');
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory", e);
    }
    return buffer.toByteArray();
  }

  private String status(KmeStatus s) {
    return mapper.createObjectNode()
        .put("source_KME_ID", s.sourceKmeId())
        .put("target_KME_ID", s.targetKmeId())
        .put("master_SAE_ID", s.masterSaeId())
        .put("slave_SAE_ID", s.slaveSaeId())
        .put("key_size", s.keySize())
        .put("stored_key_count", s.storedKeyCount())
        .put("max_key_count", s.maxKeyCount())
        .put("max_key_per_request", s.maxKeyPerRequest())
        .put("max_key_size", s.maxKeySize())
        .put("min_key_size", s.minKeySize())
        .put("max_SAE_ID_count", s.maxSaeIdCount())
        .toString();
  }

  static String clip(String text) {
    String printable = NOT_PRINTABLE.matcher(text).replaceAll("?");
    return printable.length() > 64 ? printable.substring(0, 64) + "..." : printable;
  }


}
