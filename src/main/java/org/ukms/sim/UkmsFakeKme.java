package org.ukms.sim;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.ukms.crypto.Sha3;
import org.ukms.http.Replies;
import org.ukms.crypto.StrictBase64;

/**
 * The original uKMS fake KME (ukms-v1.md section 5), byte for byte: every key is
 * Base64(SHA3-256(key_ID)), so two separate instances agree, and so does anyone who sees a key_ID
 * on the wire. <b>Insecure by design</b>; it exists for interoperability with uKMS nodes, and the
 * daemon warns when it is enabled.
 *
 * <p>Unlike the original, it answers loopback clients only (403 otherwise), because it shares the
 * peer port, which may face a network.
 */
public final class UkmsFakeKme implements HttpHandler {
  private final Supplier<UUID> ids;
  private final Predicate<InetAddress> allowed;

  /** Serves loopback clients only, with key_IDs from {@code ids}. */
  public UkmsFakeKme(Supplier<UUID> ids) {
    this(ids, InetAddress::isLoopbackAddress);
  }

  UkmsFakeKme(Supplier<UUID> ids, Predicate<InetAddress> allowed) {
    this.ids = ids;
    this.allowed = allowed;
  }

  /** The key the fake derives for {@code keyId}: Base64 text of SHA3-256 of its UTF-8 bytes. */
  public static String derive(String keyId) {
    return StrictBase64.encode(Sha3.sha3_256(keyId));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (!allowed.test(exchange.getRemoteAddress().getAddress())) {
      send(exchange, 403, "{\"message\": \"the embedded fake KME answers loopback clients only\"}");
      return;
    }
    if (!exchange.getRequestMethod().equals("GET")) {
      send(exchange, 501, "{\"message\": \"only GET is supported by the uKMS fake KME\"}");
      return;
    }
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    String full = query == null ? path : path + "?" + query;
    String keyId;
    if (full.contains("dec_keys")) {
      if (!full.contains("key_ID=")) {
        Replies.send(exchange, 400, null, "key_ID parameter is required");
        return;
      }
      keyId = full.substring(full.lastIndexOf('=') + 1);
    } else {
      keyId = ids.get().toString();
    }
    JsonStringEncoder json = JsonStringEncoder.getInstance();
    String body = "{\"keys\": [{\"key\": \"" + derive(keyId) + "\", \"key_ID\": \""
        + new String(json.quoteAsString(keyId)) + "\"}]}";
    send(exchange, 200, body);
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    Replies.send(exchange, status, "application/json", json);
  }
}
