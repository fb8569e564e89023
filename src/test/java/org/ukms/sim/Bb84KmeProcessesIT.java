package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.testing.FreePorts;
import org.ukms.testing.Qber;
import org.ukms.testing.UkmsProcess;

/**
 * Two {@code ukms kme --link bb84} processes joined by a simulated BB84 link over loopback TCP,
 * with curl (a client we did not write) on their ETSI 014 APIs and their ETSI 004 REST APIs.
 */
class Bb84KmeProcessesIT {
  @TempDir Path dir;
  private final List<UkmsProcess> processes = new ArrayList<>();
  /** A's output lines: A prints its URL before its link can run a block, so none is lost. */
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> eventsB = new LinkedBlockingQueue<>();
  private Path secret;

  @BeforeEach
  void setUp() throws Exception {
    assertTrue(new ProcessBuilder("curl", "--version").start().waitFor() == 0,
        "curl is required (.ci/run installs it)");
    byte[] raw = new byte[32];
    new java.security.SecureRandom().nextBytes(raw);
    secret = Files.writeString(dir.resolve("link.secret"),
        Base64.getEncoder().encodeToString(raw));
  }

  @AfterEach
  void kill() {
    processes.forEach(UkmsProcess::close);
  }

  /** Starts A (listening for the link) and B (dialing it); returns their ETSI 014 URLs. */
  private String[] pair(String... channel) throws Exception {
    int port = FreePorts.next();
    String a = start("a", events, "kme", "--listen", "127.0.0.1:0", "--kme-id", "kme-a",
        "--sae-id", "sae-a", "--link-secret-file", secret.toString(), "--link", "bb84", "--link-listen",
        "127.0.0.1:" + port);
    List<String> args = new ArrayList<>(List.of("kme", "--listen", "127.0.0.1:0", "--kme-id",
        "kme-b", "--sae-id", "sae-b", "--link-secret-file", secret.toString(), "--link", "bb84",
        "--link-connect", "127.0.0.1:" + port));
    args.addAll(List.of(channel));
    String b = start("b", eventsB, args.toArray(String[]::new));
    return new String[] {a, b};
  }

  private String start(String name, BlockingQueue<String> queue, String... args)
      throws Exception {
    processes.add(UkmsProcess.start(name, dir, queue, args));
    String line = UkmsProcess.await(queue, name + ": ukms kme: listening on ", 30);
    return line.replaceAll("^.*?listening on (\\S+).*$", "$1");
  }

  @Test
  void twoProcesses_onABb84Link_curlGetsAKeyAtOneEndAndTheSameKeyOnceAtTheOther()
      throws Exception {
    String[] urls = pair();
    UkmsProcess.await(events, "a: INFO  qlink: bb84 link to kme-b: keys flowing", 60);

    JsonNode enc = curl(urls[0] + "/api/v1/keys/sae-b/enc_keys?number=1&size=256");
    String id = enc.get("keys").get(0).get("key_ID").asText();
    JsonNode dec = curl(urls[1] + "/api/v1/keys/sae-a/dec_keys?key_ID=" + id);
    JsonNode again = curl(urls[1] + "/api/v1/keys/sae-a/dec_keys?key_ID=" + id);
    JsonNode fromB = curl(urls[1] + "/api/v1/keys/sae-a/enc_keys?number=1");

    assertEquals(enc.get("keys").get(0).get("key").asText(),
        dec.get("keys").get(0).get("key").asText());
    assertEquals("one or more keys specified are not found on KME",
        again.get("message").asText());
    assertTrue(!fromB.get("keys").get(0).get("key").asText()
        .equals(enc.get("keys").get(0).get("key").asText()));
    String metrics = curlText(urls[0] + "/metrics");
    assertTrue(metrics.contains("ukms_sim_bb84_blocks_total{peer_kme=\"kme-b\"}"), metrics);
    assertTrue(metrics.contains("ukms_sim_bb84_qber{peer_kme=\"kme-b\"} 0.0"), metrics);
    if (onPath("promtool")) { // Debian's prometheus package; the AdminServerIT says more
      Process lint = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true)
          .start();
      lint.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
      lint.getOutputStream().close();
      String said = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, lint.waitFor(), "promtool check metrics: " + said);
    }
  }

  @Test
  void anEavesdropperOnTheLink_encKeysAnswers503NamingTheQber() throws Exception {
    String[] urls = pair("--eavesdropper");
    UkmsProcess.await(events, "a: WARN  qlink: bb84 link to kme-b: block aborted, no key "
        + "delivered: QBER ", 60);

    JsonNode refused = curl(urls[0] + "/api/v1/keys/sae-b/enc_keys?number=1");

    String message = refused.get("message").asText();
    assertTrue(message.startsWith("insufficient keys: BB84 link to kme-b aborted: QBER ")
        && Qber.ofAnEavesdropper(message), refused.toString());
  }

  @Test
  void etsi004OnTheBb84Link_curlGetsTheSameKeyAtBothEnds_andAForgedKsidIsRefused()
      throws Exception {
    int port = FreePorts.next();
    processes.add(UkmsProcess.start("a", dir, events, "kme", "--listen", "127.0.0.1:0",
        "--kme-id", "kme-a", "--sae-id", "sae-a", "--link-secret-file", secret.toString(),
        "--link", "bb84", "--link-listen", "127.0.0.1:" + port, "--api", "014,004",
        "--listen-004", "127.0.0.1:0", "--binding", "rest"));
    String a = rest(events, "a");
    processes.add(UkmsProcess.start("b", dir, eventsB, "kme", "--listen", "127.0.0.1:0",
        "--kme-id", "kme-b", "--sae-id", "sae-b", "--link-secret-file", secret.toString(),
        "--link", "bb84", "--link-connect", "127.0.0.1:" + port, "--api", "004", "--binding",
        "rest"));
    String b = rest(eventsB, "b");
    UkmsProcess.await(events, "a: INFO  qlink: bb84 link to kme-b: keys flowing", 60);

    JsonNode opened = post(a + "/open_connect",
        "{\"source\":\"ukms://a\",\"destination\":\"ukms://b\"}");
    String ksid = opened.get("key_stream_ID").asText();
    JsonNode atB = post(b + "/open_connect", "{\"source\":\"ukms://b\",\"destination\":"
        + "\"ukms://a\",\"key_stream_ID\":\"" + ksid + "\"}");
    String get = "{\"key_stream_ID\":\"" + ksid + "\",\"indexes\":[0]}";
    JsonNode keyA = post(a + "/get_key", get);
    JsonNode keyB = post(b + "/get_key", get);
    String forged = ksid.substring(0, 35) + (ksid.endsWith("0") ? "1" : "0");
    JsonNode refused = post(b + "/open_connect", "{\"source\":\"ukms://b\",\"destination\":"
        + "\"ukms://a\",\"key_stream_ID\":\"" + forged + "\"}");

    assertEquals(0, atB.get("status").asInt(), atB.toString());
    assertEquals(0, keyA.get("status").asInt(), keyA.toString());
    assertEquals(keyA.get("keys").get(0).asText(), keyB.get("keys").get(0).asText());
    assertEquals(9, refused.get("status").asInt(), refused.toString());
  }

  /** The REST base URL from a process's ETSI 004 start line. */
  private static String rest(BlockingQueue<String> queue, String name) throws Exception {
    String line = UkmsProcess.await(queue, name + ": ukms kme: ETSI 004 listening on ", 30);
    return "http://" + line.replaceAll("^.*?ETSI 004 listening on (\\S+).*$", "$1")
        + "/api/v1/qkdm/actions";
  }

  private static JsonNode post(String url, String body) throws Exception {
    Process p = new ProcessBuilder("curl", "-sS", "--max-time", "20", "-X", "POST", "-H",
        "content-type: application/json", "--data-binary", body, url).start();
    String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "curl " + url);
    return new ObjectMapper().readTree(answer);
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode curl(String url) throws Exception {
    return new ObjectMapper().readTree(curlText(url));
  }

  private static String curlText(String url) throws Exception {
    Process p = new ProcessBuilder("curl", "-sS", "--max-time", "20", url).start();
    String body = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "curl " + url);
    return body;
  }
}
