package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.concurrent.TimeUnit;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.EtsiMethod;
import org.ukms.core.KeyId;
import org.ukms.kme.DeliveredKey;
import org.ukms.kme.KmeClient;
import org.ukms.kme.KmeRejectedException;
import org.ukms.testing.SimHarness;
import org.ukms.testing.TestPki;
import org.ukms.testing.UkmsProcess;

/**
 * Two {@code ukms kme} processes with one link secret are the two ends of one QKD link: a key
 * delivered at one end is fetched exactly once at the other, over plain HTTP with our client and
 * over mutual TLS with curl, a client we did not write.
 */
class KmeProcessesIT {
  @TempDir Path dir;
  private final List<UkmsProcess> processes = new ArrayList<>();
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

  @AfterEach
  void kill() {
    processes.forEach(UkmsProcess::close);
  }

  Path secret() throws Exception {
    byte[] raw = new byte[32];
    new java.security.SecureRandom().nextBytes(raw);
    return Files.writeString(dir.resolve("link.secret"), Base64.getEncoder().encodeToString(raw));
  }

  String start(String name, String... args) throws Exception {
    processes.add(UkmsProcess.start(name, dir, events, args));
    String line = UkmsProcess.await(events, name + ": ukms kme: listening on ", 30);
    return line.replaceAll(".*listening on (\\S+).*", "$1");
  }

  @Test
  void twoProcesses_plainHttp_keyFetchedExactlyOnceAtTheOtherEnd() throws Exception {
    Path secret = secret();
    String a = start("a", "kme", "--listen", "127.0.0.1:0", "--kme-id", "kme-a", "--sae-id",
        "sae-a", "--link-secret-file", secret.toString());
    String b = start("b", "kme", "--listen", "127.0.0.1:0", "--kme-id", "kme-b", "--sae-id",
        "sae-b", "--link-secret-file", secret.toString(), "--peer-sae", "sae-a");
    KmeClient atA = SimHarness.client(a, EtsiMethod.POST);
    KmeClient atB = SimHarness.client(b, EtsiMethod.GET);
    KmeRejectedException unlisted = assertThrows(KmeRejectedException.class,
        () -> atB.encKeys("sae-x", 1, 256));
    assertEquals(400, unlisted.status());
    assertEquals("unknown slave_SAE_ID sae-x", unlisted.etsiMessage());

    List<DeliveredKey> sent = atA.encKeys("sae-b", 2, 256);
    List<DeliveredKey> got = atB.decKeys("sae-a", List.of(sent.get(1).id(), sent.get(0).id()));

    assertArrayEquals(sent.get(0).key().reveal(), got.get(1).key().reveal());
    assertArrayEquals(sent.get(1).key().reveal(), got.get(0).key().reveal());
    KmeRejectedException again = assertThrows(KmeRejectedException.class,
        () -> atB.decKeys("sae-a", List.of(sent.get(0).id())));
    assertTrue(again.keysNotFound());
    KmeRejectedException forged = assertThrows(KmeRejectedException.class,
        () -> atB.decKeys("sae-a", List.of(new KeyId(java.util.UUID.randomUUID().toString()))));
    assertTrue(forged.keysNotFound());
    for (UkmsProcess p : processes) {
      assertEquals(0, p.terminate(15), p.lines.toString());
    }
  }

  @Test
  void twoProcesses_plainHttp_etsiProbe() throws Exception {
    Path secret = secret();
    String a = start("a", "kme", "--listen", "127.0.0.1:0", "--kme-id", "kme-a", "--sae-id",
        "sae-a", "--link-secret-file", secret.toString(), "--rate", "0", "--max-keys", "20");
    String b = start("b", "kme", "--listen", "127.0.0.1:0", "--kme-id", "kme-b", "--sae-id",
        "sae-b", "--link-secret-file", secret.toString(), "--rate", "0", "--max-keys", "20");
    okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
    ObjectMapper json = new ObjectMapper();
    java.util.function.BiFunction<String, String, JsonNode[]> get = (base, path) -> {
      try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(base + path)
          .build()).execute()) {
        return new JsonNode[] {json.getNodeFactory().numberNode(r.code()),
            json.readTree(r.body().string())};
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };

    JsonNode[] bare = get.apply(a, "/api/v1/keys/sae-b/enc_keys");
    assertEquals(200, bare[0].asInt());
    assertEquals(32, Base64.getDecoder().decode(bare[1].get("keys").get(0).get("key").asText())
        .length, "S-05 default size");
    JsonNode[] three = get.apply(a, "/api/v1/keys/sae-b/enc_keys?number=3&size=1024");
    assertEquals(3, three[1].get("keys").size(), "S-06");
    assertEquals("size shall be a multiple of 8",
        get.apply(a, "/api/v1/keys/sae-b/enc_keys?size=260")[1].get("message").asText());
    assertEquals(20 - 1 - 12,
        get.apply(a, "/api/v1/keys/sae-b/status")[1].get("stored_key_count").asInt(), "S-14");
    String first = bare[1].get("keys").get(0).get("key_ID").asText();
    String second = three[1].get("keys").get(0).get("key_ID").asText();
    String unknown = java.util.UUID.randomUUID().toString();
    KmeClient atB = SimHarness.client(b, EtsiMethod.POST);
    KmeRejectedException atomic = assertThrows(KmeRejectedException.class, () -> atB.decKeys(
        "sae-a", List.of(new KeyId(first), new KeyId(second), new KeyId(unknown))));
    assertTrue(atomic.keysNotFound(), "S-19: the unknown ID refuses the whole request");
    List<DeliveredKey> both = atB.decKeys("sae-a", List.of(new KeyId(first), new KeyId(second)),
        KmeClient.ANY_SIZE); // a 256-bit and a 1024-bit key
    assertEquals(2, both.size(), "S-19: nothing was consumed by the refused request");
    assertTrue(assertThrows(KmeRejectedException.class,
        () -> atB.decKeys("sae-a", List.of(new KeyId(first)))).keysNotFound(), "S-18");
    JsonNode[] exhausted = get.apply(a, "/api/v1/keys/sae-b/enc_keys?number=8");
    assertEquals(503, exhausted[0].asInt(), "S-15 with 7 keys left");
  }

  @Test
  void twoProcesses_mutualTls_curlGetsAKeyAtOneEndAndFetchesItOnceAtTheOther() throws Exception {
    assertTrue(new ProcessBuilder("curl", "--version").start().waitFor() == 0,
        "curl is required (.ci/run installs it)");
    TestPki pki = new TestPki("link");
    HeldCertificate serverCert = pki.issue("localhost", "localhost");
    Path cert = TestPki.writeCert(dir, serverCert);
    Path key = TestPki.writeKey(dir, serverCert);
    Path ca = pki.writeCa(dir);
    Path secret = secret();
    String a = start("a", "kme", "--listen", "127.0.0.1:0", "--kme-id", "kme-a",
        "--link-secret-file", secret.toString(), "--tls-cert", cert.toString(), "--tls-key",
        key.toString(), "--tls-client-ca", ca.toString());
    String b = start("b", "kme", "--listen", "127.0.0.1:0", "--kme-id", "kme-b",
        "--link-secret-file", secret.toString(), "--tls-cert", cert.toString(), "--tls-key",
        key.toString(), "--tls-client-ca", ca.toString());
    HeldCertificate saeA = pki.issue("sae-a");
    HeldCertificate saeB = pki.issue("sae-b");

    JsonNode enc = curl(a + "/api/v1/keys/sae-b/enc_keys?number=1&size=256", saeA, ca);
    String id = enc.get("keys").get(0).get("key_ID").asText();
    JsonNode dec = curl(b + "/api/v1/keys/sae-a/dec_keys?key_ID=" + id, saeB, ca);
    JsonNode again = curl(b + "/api/v1/keys/sae-a/dec_keys?key_ID=" + id, saeB, ca);
    JsonNode stranger = curl(b + "/api/v1/keys/sae-a/status", null, ca);

    assertEquals(enc.get("keys").get(0).get("key").asText(),
        dec.get("keys").get(0).get("key").asText());
    assertEquals("one or more keys specified are not found on KME", again.get("message").asText());
    assertEquals("handshake refused", stranger.get("curl").asText(),
        "no client certificate, no TLS session");
  }

  /** curl with a client certificate (or none); its JSON answer, or {"curl": "..."} on failure. */
  private JsonNode curl(String url, HeldCertificate client, Path ca) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "--cacert",
        ca.toString()));
    if (client != null) {
      cmd.addAll(List.of("--cert", TestPki.writeCert(dir, client).toString(), "--key",
          TestPki.writeKey(dir, client).toString()));
    }
    cmd.add(url.replace("127.0.0.1", "localhost"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    if (p.exitValue() != 0) {
      return new ObjectMapper().createObjectNode().put("curl", "handshake refused");
    }
    return new ObjectMapper().readTree(out);
  }
}
