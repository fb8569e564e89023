package org.ukms.kme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.ukms.config.EtsiMethod;
import org.ukms.config.KmeSettings;
import org.ukms.config.TlsFiles;
import org.ukms.core.KeyId;
import org.ukms.testing.FuzzLines;

/**
 * Fuzz (docs/fuzzing.md): {@link OkHttpKmeClient} against MockWebServer answering with a fuzzed
 * status, headers, body and connection fault. Only {@link KmeException} subclasses and
 * {@link KmeProtocolException} escape, no message repeats a key, and what is returned is what
 * was asked for.
 */
class OkHttpKmeClientFuzzTest {
  static final List<KeyId> IDS = List.of(
      new KeyId("11111111-2222-4333-8444-555555555555"),
      new KeyId("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"),
      new KeyId("00000000-0000-4000-8000-000000000000"));
  /** Framing is OkHttp's and MockWebServer's business; a wrong length would only stall a run. */
  private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding",
      "connection");

  private final ObjectMapper mapper = new ObjectMapper();
  /** No pooled connections: each run starts clean whatever the last answer did to its socket. */
  private final OkHttpClient shared = new OkHttpClient.Builder()
      .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS)).build();
  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * Input lines: call (status, enc_keys or dec_keys), form (GET or POST), number of keys (1..3),
   * status code, connection fault (none, close-at-start, close-in-body, shutdown-at-end); then
   * "Name: value" header lines up to an empty line; the rest is the body.
   */
  @FuzzTest
  void call_anyAnswer_returnsWhatWasAskedOrThrowsAKmeException(byte[] input)
      throws InterruptedException {
    FuzzLines in = FuzzLines.of(input, 5);
    String call = in.line(0);
    EtsiMethod form = in.line(1).equals("POST") ? EtsiMethod.POST : EtsiMethod.GET;
    int number = 1 + Math.floorMod(in.number(2, 1) - 1, IDS.size());
    int code = 200 + Math.floorMod(in.number(3, 200) - 200, 800); // 1xx would wait for more
    byte[] rest = in.rest();
    MockResponse.Builder answer = new MockResponse.Builder().code(code);
    byte[] body = headers(rest, answer);
    answer.body(new Buffer().write(body));
    switch (in.line(4)) {
      case "close-at-start" -> answer.onResponseStart(new SocketEffect.CloseSocket());
      case "close-in-body" -> answer.onResponseBody(new SocketEffect.CloseSocket());
      case "shutdown-at-end" -> answer.onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE);
      default -> { }
    }
    server.enqueue(answer.build());
    Set<String> keys = KmeJsonFuzzTest.keyTexts(body);

    // Jazzer's SSRF detector refuses connections the test did not allow: ours go to the mock.
    SilentCloseable allowed =
        BugDetectors.allowNetworkConnections((host, port) -> port == server.getPort());
    try {
      OkHttpKmeClient client = client(form);
      if (call.equals("enc_keys")) {
        List<DeliveredKey> got = client.encKeys("sae-b", number, 256);
        assertEquals(number, got.size());
        Set<String> ids = new HashSet<>();
        for (DeliveredKey k : got) {
          assertEquals(32, k.key().length());
          assertTrue(ids.add(k.id().value().toLowerCase(Locale.ROOT)), "key_ID twice");
        }
      } else if (call.equals("dec_keys")) {
        List<KeyId> asked = IDS.subList(0, number);
        List<DeliveredKey> got = client.decKeys("sae-a", asked);
        assertEquals(number, got.size());
        for (int i = 0; i < number; i++) {
          assertTrue(asked.get(i).sameAs(got.get(i).id()), "out of request order");
          assertTrue(got.get(i).key().length() > 0);
        }
      } else {
        assertNotNull(client.status("sae-b"));
      }
      assertTrue(code < 300, "accepted an answer with status " + code);
    } catch (KmeRejectedException e) {
      assertEquals(code, e.status());
      KmeJsonFuzzTest.assertNoKeyText(e, keys);
    } catch (KmeException | KmeProtocolException e) {
      KmeJsonFuzzTest.assertNoKeyText(e, keys);
    } finally {
      allowed.close();
      while (server.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
        // Drop recorded requests: a long campaign would keep them all.
      }
    }
  }

  /** Adds the header lines at the head of {@code rest} to {@code answer}; returns the body. */
  private static byte[] headers(byte[] rest, MockResponse.Builder answer) {
    int at = 0;
    List<String> lines = new ArrayList<>();
    while (at < rest.length) {
      int end = at;
      while (end < rest.length && rest[end] != '\n') {
        end++;
      }
      String line = new String(rest, at, end - at, StandardCharsets.ISO_8859_1);
      at = Math.min(end + 1, rest.length);
      if (line.isEmpty()) {
        break;
      }
      lines.add(line);
    }
    for (String line : lines) {
      int colon = line.indexOf(':');
      String name = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1).strip();
      if (name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")
          && !FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
        answer.addHeaderLenient(name, value);
      }
    }
    return java.util.Arrays.copyOfRange(rest, at, rest.length);
  }

  private OkHttpKmeClient client(EtsiMethod form) {
    try {
      return OkHttpKmeClient.create(new KmeSettings(URI.create(server.url("/").toString()), form,
          new TlsFiles(null, null, null), Duration.ofSeconds(2), Duration.ofSeconds(2)), shared,
          mapper);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
