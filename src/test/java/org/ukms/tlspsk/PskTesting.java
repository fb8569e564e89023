package org.ukms.tlspsk;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.bouncycastle.tls.ProtocolVersion;
import org.ukms.crypto.Secret;

/** Shared fixtures of the TLS-PSK tests: identities, PSKs, a server on port 0, a log recorder. */
final class PskTesting {
  static final String IDENTITY = "router-a";
  /** A 32-byte PSK; as hex it is what an IOS XE {@code key hex} line holds. */
  static final String PSK_HEX = "00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210";
  static final Duration WAIT = Duration.ofSeconds(10);

  private PskTesting() {}

  static Secret psk() {
    return Secret.copyOf(HexFormat.of().parseHex(PSK_HEX));
  }

  static Secret otherPsk() {
    return Secret.copyOf("not the configured psk at all...".getBytes(StandardCharsets.US_ASCII));
  }

  static PskHttpServer server(PskHttpHandler handler, PskServerSettings settings)
      throws Exception {
    return PskHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        Map.of(IDENTITY, psk()), handler, settings);
  }

  static PskHttpClient client(PskHttpServer server, String identity, Secret psk,
      ProtocolVersion[] versions, int... suites) {
    return new PskHttpClient("127.0.0.1", server.port(), identity, psk, versions, suites, WAIT);
  }

  static PskHttpClient client(PskHttpServer server, TlsVersion version) {
    return PskHttpClient.of("127.0.0.1", server.port(), IDENTITY, psk(), version);
  }

  /** Answers 200 {"path":...,"identity":...} and records each request. */
  static final class Recording implements PskHttpHandler {
    final List<PskHttpRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public PskHttpResponse handle(PskHttpRequest request) {
      requests.add(request);
      if (!request.method().equals("GET")) {
        return new PskHttpResponse(405, "application/json", "GET",
            "{\"error\":\"method not allowed\"}".getBytes(StandardCharsets.UTF_8), () -> { });
      }
      String json = "{\"path\":\"" + request.rawPath() + "\",\"identity\":\""
          + request.pskIdentity() + "\"}";
      return PskHttpResponse.json(200, json.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Collects the formatted lines of the org.ukms.tlspsk logger while open. */
  static final class LogLines extends Handler implements AutoCloseable {
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger("org.ukms.tlspsk");
    private final SimpleFormatter formatter = new SimpleFormatter();

    LogLines() {
      logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
      lines.add(formatter.formatMessage(record));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }
  }
}
