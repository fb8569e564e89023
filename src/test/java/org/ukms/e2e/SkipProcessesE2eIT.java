package org.ukms.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.testing.ExampleConfigs;
import org.ukms.testing.FreePorts;
import org.ukms.testing.OpenSsl;
import org.ukms.testing.UkmsProcess;

/**
 * Issue 11's acceptance with processes and an independent client: {@code example/skip/}'s Key
 * Providers Alice and Bob as two {@code ukms run} processes (simulated QKD, v2 hybrid), and
 * Debian's {@code openssl s_client} as the encryptors router-a and router-b, over TLS 1.2
 * DHE-PSK and TLS 1.3 with an external SHA-384 PSK. A key from Alice is fetched once, with the
 * same bytes, from Bob by keyId; a wrong remoteSystemID is refused without consuming it; the
 * capabilities, entropy, 404 and 405 answers are as the draft says; and no key or PSK appears in
 * either daemon's output.
 */
class SkipProcessesE2eIT {
  /** The example's fixed ports (peer APIs, admin, SKIP), replaced by free ones. */
  private static final List<String> PORTS = List.of("27201", "27202", "27211", "27212", "8443",
      "8444");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private String pskA;
  private String pskB;

  @BeforeEach
  void copyExample() throws Exception {
    assumeTrue(OpenSsl.onPath("openssl"), "openssl is not installed: the SKIP interop test needs "
        + "s_client (apt-get install openssl)");
    for (String port : PORTS) {
      ports.put(port, FreePorts.next());
    }
    for (String name : List.of("example/keys/EXAMPLE-alice-bob.key",
        "example/skip/keys/EXAMPLE-router-a.psk", "example/skip/keys/EXAMPLE-router-b.psk")) {
      Path copy = dir.resolve(name);
      Files.createDirectories(copy.getParent());
      Files.copy(Path.of(name), copy);
      Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
    }
    for (String node : List.of("alice", "bob")) {
      String text = Files.readString(Path.of("example/skip/" + node + ".toml"));
      text = ExampleConfigs.replacePorts(text, ports);
      Files.writeString(dir.resolve(node + ".toml"), text);
    }
    pskA = Files.readString(Path.of("example/skip/keys/EXAMPLE-router-a.psk")).strip();
    pskB = Files.readString(Path.of("example/skip/keys/EXAMPLE-router-b.psk")).strip();
  }

  /** One GET (or other method) by router-a at Alice over TLS 1.2 DHE-PSK. */
  private Answer atAlice(String method, String target) throws Exception {
    OpenSsl.Result r = OpenSsl.sClient(ports.get("8443"), request(method, target), "-tls1_2",
        "-cipher", "DHE-PSK-AES256-CBC-SHA384", "-psk", pskA, "-psk_identity", "router-a");
    assertTrue(r.output().contains("Cipher is DHE-PSK-AES256-CBC-SHA384"), r.output());
    return Answer.of(r.output());
  }

  /** One GET by router-b at Bob over TLS 1.3 with an external SHA-384 PSK. */
  private Answer atBob(String target) throws Exception {
    OpenSsl.Result r = OpenSsl.sClient(ports.get("8444"), request("GET", target), "-tls1_3",
        "-ciphersuites", "TLS_AES_256_GCM_SHA384", "-psk_identity", "router-b", "-psk_session",
        OpenSsl.session(dir, pskB).toString());
    assertTrue(r.output().contains("Cipher is TLS_AES_256_GCM_SHA384"), r.output());
    return Answer.of(r.output());
  }

  /** What curl (an independent HTTP client) gets from the admin endpoint. */
  private static String curl(String url) throws Exception {
    Process p = new ProcessBuilder("curl", "-sS", "--max-time", "10", url)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  private static String request(String method, String target) {
    return method + " " + target + " HTTP/1.1\r\nHost: kp\r\nConnection: close\r\n\r\n";
  }

  /** Status line, headers and JSON body of the answer s_client printed. */
  record Answer(int status, String head, JsonNode body) {
    static Answer of(String output) throws Exception {
      int start = output.indexOf("HTTP/1.1 ");
      assertTrue(start >= 0, "no HTTP answer in: " + output);
      int end = output.indexOf("\r\n\r\n", start);
      String head = output.substring(start, end);
      int length = Integer.parseInt(head.replaceAll("(?s).*\r\nContent-Length: (\\d+).*", "$1"));
      byte[] rest = output.substring(end + 4).getBytes(StandardCharsets.UTF_8);
      String body = new String(rest, 0, length, StandardCharsets.UTF_8);
      return new Answer(Integer.parseInt(head.substring(9, 12)), head, JSON.readTree(body));
    }
  }

  @Test
  void keyFromAlice_fetchedOnceFromBobByKeyId_overTls12AndTls13_withOpensslAsTheRouters()
      throws Exception {
    BlockingQueue<String> aliceEvents = new LinkedBlockingQueue<>();
    BlockingQueue<String> bobEvents = new LinkedBlockingQueue<>();
    List<String> secrets = new ArrayList<>(List.of(pskA, pskB));
    try (UkmsProcess alice = UkmsProcess.start("alice", dir, aliceEvents, "run", "--config",
            dir.resolve("alice.toml").toString());
        UkmsProcess bob = UkmsProcess.start("bob", dir, bobEvents, "run", "--config",
            dir.resolve("bob.toml").toString())) {
      UkmsProcess.await(aliceEvents, "SKIP Key Provider \"Alice\" serving", 60);
      UkmsProcess.await(bobEvents, "SKIP Key Provider \"Bob\" serving", 60);

      Answer caps = atAlice("GET", "/capabilities");
      assertEquals(200, caps.status());
      assertEquals("Alice", caps.body().get("localSystemID").asText());
      assertEquals("[\"Bob\"]", caps.body().get("remoteSystemID").toString());
      assertTrue(caps.body().get("key").asBoolean() && caps.body().get("entropy").asBoolean());

      Answer key = atAlice("GET", "/key?remoteSystemID=Bob");
      assertEquals(200, key.status(), key.body().toString());
      String keyId = key.body().get("keyId").asText();
      String bytes = key.body().get("key").asText();
      secrets.add(bytes);
      assertTrue(keyId.matches("[0-9a-f]{32}") && bytes.matches("[0-9a-f]{64}"), keyId);
      assertEquals(400, atAlice("GET", "/key/" + keyId + "?remoteSystemID=Bob").status(),
          "SKIP-KEY-09: the initiating KP keeps no copy");

      Answer atB = atBob("/key/" + keyId.toUpperCase() + "?remoteSystemID=Alice");
      assertEquals(200, atB.status(), atB.body().toString());
      assertEquals(keyId, atB.body().get("keyId").asText());
      assertEquals(bytes, atB.body().get("key").asText(), "the same key at both ends");
      assertEquals(400, atBob("/key/" + keyId + "?remoteSystemID=Alice").status(),
          "delivered once");

      Answer second = atAlice("GET", "/key?remoteSystemID=Bob&size=512");
      assertEquals(200, second.status());
      String id2 = second.body().get("keyId").asText();
      secrets.add(second.body().get("key").asText());
      assertEquals(128, second.body().get("key").asText().length());
      assertEquals(400, atBob("/key/" + id2 + "?remoteSystemID=Mallory").status());
      assertEquals(second.body().get("key").asText(),
          atBob("/key/" + id2 + "?remoteSystemID=Alice").body().get("key").asText(),
          "a wrong remoteSystemID does not consume the key");

      Answer entropy = atAlice("GET", "/entropy?minentropy=128");
      assertEquals(200, entropy.status());
      assertEquals(128, entropy.body().get("minentropy").asInt());
      assertTrue(entropy.body().get("randomStr").asText().matches("[0-9a-f]{32}"));
      assertEquals(404, atAlice("GET", "/nonexistent").status());
      Answer post = atAlice("POST", "/key?remoteSystemID=Bob");
      assertEquals(405, post.status());
      assertTrue(post.head().contains("\r\nAllow: GET"), post.head());
      assertTrue(post.head().contains("\r\nContent-Type: application/json"), post.head());

      String aliceMetrics = curl("http://127.0.0.1:" + ports.get("27211") + "/metrics");
      assertTrue(aliceMetrics.contains(
          "ukms_skip_requests_total{endpoint=\"key\",status=\"200\"} 2.0"), aliceMetrics);
      assertTrue(aliceMetrics.contains(
          "ukms_skip_requests_total{endpoint=\"key_id\",status=\"400\"} 1.0"), aliceMetrics);
      String bobMetrics = curl("http://127.0.0.1:" + ports.get("27212") + "/metrics");
      assertTrue(bobMetrics.contains("ukms_skip_pending_keys 0.0"), bobMetrics);
      assertTrue(bobMetrics.contains(
          "ukms_skip_requests_total{endpoint=\"key_id\",status=\"200\"} 2.0"), bobMetrics);

      // ukms status exits 0 once each peer holds a confirmed PSK: the first rotation, which
      // runs beside the SKIP calls above and may have been retried.
      bob.awaitPrinted(bobEvents, "result=installed", 60);
      BlockingQueue<String> statusLines = new LinkedBlockingQueue<>();
      try (UkmsProcess status = UkmsProcess.start("status", dir, statusLines, "status",
          "--config", dir.resolve("bob.toml").toString())) {
        UkmsProcess.await(statusLines, "SKIP Key Provider Bob on 127.0.0.1:"
            + ports.get("8444"), 30);
        UkmsProcess.await(statusLines, "keys pending     0", 30);
        assertEquals(0, status.process.waitFor(), "bob and its peer are healthy");
      }

      assertEquals(0, alice.terminate(10));
      assertEquals(0, bob.terminate(10));
      List<String> output = new ArrayList<>(alice.lines);
      output.addAll(bob.lines);
      assertFalse(output.isEmpty());
      for (String line : output) {
        for (String secret : secrets) {
          assertFalse(line.toLowerCase().contains(secret.toLowerCase()),
              "SKIP-ZER-02: a key or PSK in the log: " + line.replace(secret, "<secret>"));
        }
      }
      assertTrue(output.stream().anyMatch(l -> l.contains("router-b")),
          "requests are logged with their PSK identity");
      assertNotEquals(pskA, pskB);
    }
  }
}
