package org.ukms.skip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.ukms.core.KeySource;
import org.ukms.core.SkipMessage;
import org.ukms.core.V2Schedule;
import org.ukms.crypto.V2Keys;
import org.ukms.peer.OkHttpV2Client;
import org.ukms.peer.PeerServer;
import org.ukms.peer.SkipCodec;
import org.ukms.peer.V1Responder;
import org.ukms.peer.V2Auth;
import org.ukms.peer.V2Responder;
import org.ukms.testing.ManualClock;

/**
 * SKIP key synchronisation over the real signed v2 peer API: Alice's OkHttp client against Bob's
 * peer server on loopback, {@code POST /api/v2/peer/skip}.
 */
class SkipSyncHttpTest {
  private final SkipPair pair = new SkipPair();
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final OkHttpClient http = new OkHttpClient();
  private final V2Auth aliceAuth = auth("alice", "bob");
  private final V2Auth bobAuth = auth("bob", "alice");
  private PeerServer server;

  private V2Auth auth(String self, String peer) {
    return new V2Auth(V2Keys.of(pair.authKey), self, peer, Duration.ofSeconds(60), clock,
        pair.random);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Bob's peer server; {@code skip} false is a daemon without [skip] (the default answer). */
  private URI bob(boolean skip) throws Exception {
    return bob(skip, V2Schedule.Mode.HYBRID);
  }

  private URI bob(boolean skip, V2Schedule.Mode mode) throws Exception {
    SkipResponder responder = pair.bob(mode,
        SkipPair.settings("Bob", "Alice", "alice"));
    V2Responder v2 = new V2Responder() {
      @Override
      public Optional<V2Auth> authFor(String sender) {
        return sender.equals("alice") ? Optional.of(bobAuth) : Optional.empty();
      }

      @Override
      public Answer offer(String peer, JsonNode body) {
        return new Answer(400, "{}");
      }

      @Override
      public Answer confirm(String peer, JsonNode body) {
        return new Answer(400, "{}");
      }

      @Override
      public Answer skip(String peer, JsonNode body) {
        return skip ? SkipCodec.respond(body, s -> responder.answer(peer, s))
            : V2Responder.super.skip(peer, body);
      }
    };
    V1Responder v1 = (caller, call) -> new V1Responder.UnknownPeer();
    server = PeerServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), v1, v2,
        null, 2);
    return URI.create("http://127.0.0.1:" + server.port());
  }

  private SkipSync alice(URI url) {
    SkipMessage.Channel channel = new OkHttpV2Client(http, SkipPair.MAPPER)
        .skipChannel(url, aliceAuth, Duration.ofSeconds(5));
    return pair.alice("Alice", V2Schedule.Mode.HYBRID, channel);
  }

  @Test
  void hybridOverThePeerApi_bobHoldsAlicesKey() throws Exception {
    KeyMinter.Minted minted = alice(bob(true)).mint("Bob", "bob", 256);

    assertArrayEquals(minted.key(), pair.bobStore.keys.get(minted.keyIdHex()));
    assertEquals("Alice", pair.bobStore.systems.get(minted.keyIdHex()));
  }

  @Test
  void daemonWithoutSkip_answers404_andTheMinterFails() throws Exception {
    SkipSyncException e = assertThrows(SkipSyncException.class,
        () -> alice(bob(false)).mint("Bob", "bob", 256));

    assertEquals("key not synchronised with peer bob: refused (disabled): SKIP not enabled",
        e.getMessage());
  }

  @Test
  void peerDown_isSkipSyncExceptionWithinTheTimeout_SKIP_KEY_08() throws Exception {
    URI url = bob(true);
    server.close();
    server = null;

    SkipSyncException e = assertThrows(SkipSyncException.class,
        () -> alice(url).mint("Bob", "bob", 256));

    assertTrue(e.getMessage().startsWith("key not synchronised with peer bob: no answer: v2 "
        + "skip at 127.0.0.1:"), e.getMessage());
  }

  @Test
  void tamperedRequest_failsItsSignature401_andNothingIsHeld() throws Exception {
    URI url = bob(true);
    SkipMessage.Sync sync = new SkipMessage.Sync("00112233445566778899aabbccddeeff", 256,
        "Alice", "Bob", V2Schedule.Mode.QKD, new org.ukms.core.KeyRef("ref-1"), null);
    byte[] body = SkipCodec.encodeSync(sync).getBytes(StandardCharsets.UTF_8);
    String header = aliceAuth.signRequest("POST", "/api/v2/peer/skip", body).header();
    byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("\"size_bits\":256",
        "\"size_bits\":128").getBytes(StandardCharsets.UTF_8);
    Request request = new Request.Builder().url(url + "/api/v2/peer/skip")
        .header(V2Auth.HEADER, header)
        .post(RequestBody.create(tampered, MediaType.get("application/json"))).build();

    try (Response response = http.newCall(request).execute()) {
      assertEquals(401, response.code());
      assertTrue(response.body().string().contains("bad_mac"));
    }
    assertTrue(pair.bobStore.keys.isEmpty());
  }

  private Response post(URI url, String header, byte[] body) throws Exception {
    Request request = new Request.Builder().url(url + "/api/v2/peer/skip")
        .header(V2Auth.HEADER, header)
        .post(RequestBody.create(body, MediaType.get("application/json"))).build();
    return http.newCall(request).execute();
  }

  @Test
  void replayedRequest_is401_andAResignedDuplicate409_neverOverwriting_SKIP_SYNC_03()
      throws Exception {
    URI url = bob(true);
    SkipMessage.Sync sync = new SkipMessage.Sync("00112233445566778899aabbccddeeff", 256,
        "Alice", "Bob", V2Schedule.Mode.HYBRID, pair.link.fresh().ref(),
        org.ukms.core.Blob.of(org.ukms.crypto.MlKem.generate(pair.random).encapsulationKey()));
    byte[] body = SkipCodec.encodeSync(sync).getBytes(StandardCharsets.UTF_8);
    String header = aliceAuth.signRequest("POST", "/api/v2/peer/skip", body).header();

    try (Response first = post(url, header, body)) {
      assertEquals(200, first.code());
    }
    byte[] held = pair.bobStore.keys.get(sync.keyId()).clone();
    try (Response replay = post(url, header, body)) {
      assertEquals(401, replay.code());
      assertTrue(replay.body().string().contains("replayed"));
    }
    String resigned = aliceAuth.signRequest("POST", "/api/v2/peer/skip", body).header();
    try (Response duplicate = post(url, resigned, body)) {
      assertEquals(409, duplicate.code());
      assertTrue(duplicate.body().string().contains("\"reason\":\"duplicate\""));
    }
    assertEquals(1, pair.bobStore.keys.size());
    assertArrayEquals(held, pair.bobStore.keys.get(sync.keyId()));
  }

  /**
   * An independent initiator: src/test/resources/skip/skip_initiator.py, written from the docs
   * with Python's standard library, signs a qkd-mode sync, checks Bob's signed answer and key
   * confirmation, and derives the key Bob holds.
   */
  @Test
  void pythonInitiatorFromTheDocs_derivesTheKeyBobHolds() throws Exception {
    Path python = java.util.stream.Stream.of(System.getenv("PATH").split(":"))
        .map(d -> Path.of(d, "python3")).filter(java.nio.file.Files::isExecutable).findFirst()
        .orElse(null);
    Assumptions.assumeTrue(python != null, "python3 not on PATH: independent initiator skipped");
    URI url = bob(true, V2Schedule.Mode.QKD);
    KeySource.Delivered kq = pair.link.fresh();
    String input = SkipPair.MAPPER.createObjectNode().put("url", url.toString())
        .put("auth_key", HexFormat.of().formatHex(pair.authKey.reveal()))
        .put("kq", HexFormat.of().formatHex(kq.key().reveal())).put("key_ref", kq.ref().value())
        .put("self", "alice").put("peer", "bob").put("ts", clock.millis()).put("size_bits", 256)
        .put("system_id", "Alice").put("remote_system_id", "Bob").toString();
    Process p = new ProcessBuilder(python.toString(),
        Path.of("src/test/resources/skip/skip_initiator.py").toString())
        .redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      in.write(input.getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "python3 finished");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

    assertEquals(0, p.exitValue(), out);
    String[] words = out.split(" ");
    assertEquals("ok", words[0], out);
    assertEquals(words[2], HexFormat.of().formatHex(pair.bobStore.keys.get(words[1])));
    assertEquals("Alice", pair.bobStore.systems.get(words[1]));
  }
}
