package org.ukms.skip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ukms.testing.ManualClock;
import org.ukms.tlspsk.PskHttpRequest;
import org.ukms.tlspsk.PskHttpResponse;

/**
 * One SKIP Key Provider in memory for the SKIP tests: a {@link SkipApi} over a real {@link
 * PendingKeys}, a manual clock and a {@link RecordingMinter}; {@link #call} plays the transport
 * (handle, then zero the body and run {@code afterWrite}) and parses the JSON it saw.
 */
final class SkipFixture {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  static final Duration TTL = Duration.ofSeconds(60);
  static final ObjectMapper JSON = new ObjectMapper();

  /** What the transport wrote: status, headers and the body (copied before it was zeroed). */
  record Reply(int status, String contentType, String allow, byte[] body, byte[] bodyAfterWrite) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String text(String field) {
      return json().get(field).asText();
    }

    String error() {
      return text("error");
    }
  }

  /**
   * A {@link KeyMinter} test double: records each call; mints keys from its own {@link
   * SecureRandom} and keyIds with {@link KeyIds#random} from another; optionally deposits every
   * key into the peer's store as the real sync will; fails when told to.
   */
  static final class RecordingMinter implements KeyMinter {
    record Call(String remoteSystemId, String peerId, int sizeBits) {}

    final List<Call> calls = new ArrayList<>();
    /** The arrays handed out, kept to check that the API zeroed them. */
    final List<byte[]> handedOut = new ArrayList<>();
    /** Copies of every key minted, in order. */
    final List<byte[]> minted = new ArrayList<>();
    private final SecureRandom keyRandom = new SecureRandom();
    private final SecureRandom idRandom = new SecureRandom();
    String failWith;
    String localSystemId = "Alice";
    PendingKeys peerStore;

    @Override
    public synchronized Minted mint(String remoteSystemId, String peerId, int sizeBits)
        throws SkipSyncException {
      calls.add(new Call(remoteSystemId, peerId, sizeBits));
      if (failWith != null) {
        throw new SkipSyncException(failWith);
      }
      byte[] key = new byte[sizeBits / 8];
      keyRandom.nextBytes(key);
      String id = KeyIds.random(idRandom);
      if (peerStore != null && !peerStore.deposit(localSystemId, id, key)) {
        throw new SkipSyncException("peer refused keyId " + id);
      }
      minted.add(key.clone());
      handedOut.add(key);
      return new Minted(id, key);
    }
  }

  final ManualClock clock = new ManualClock(T0);
  final RecordingMinter minter = new RecordingMinter();
  final PendingKeys store = PendingKeys.create(clock, TTL, 64);
  final SkipApi api;

  SkipFixture(ApiSettings settings, EntropySource entropy) {
    api = SkipApi.create(settings, minter, store, entropy, clock);
  }

  /** Provider "Alice" sharing with "Bob" (peer {@code b}) and {@code KP_*_LOC1} (peer {@code c}). */
  static SkipFixture alice() {
    return new SkipFixture(ApiSettings.withDefaults("Alice", "QKD+ML-KEM-1024 SHA3-256",
        RemoteSystems.of(List.of(new RemoteSystems.Entry("Bob", "b"),
            new RemoteSystems.Entry("KP_*_LOC1", "c")))), EntropySource.ownSecureRandom());
  }

  /** Provider "Bob" sharing with "Alice" (peer {@code a}). */
  static SkipFixture bob() {
    return new SkipFixture(ApiSettings.withDefaults("Bob", "QKD+ML-KEM-1024 SHA3-256",
        RemoteSystems.of(List.of(new RemoteSystems.Entry("Alice", "a")))),
        EntropySource.ownSecureRandom());
  }

  Reply get(String target) {
    return call("GET", target);
  }

  Reply call(String method, String target) {
    return call(api, method, target);
  }

  static Reply call(SkipApi api, String method, String target) {
    return call(api, method, target, "router-a");
  }

  static Reply call(SkipApi api, String method, String target, String identity) {
    PskHttpResponse r = api.handle(new PskHttpRequest(method, target, identity,
        InetAddress.getLoopbackAddress()));
    byte[] seen = r.body().clone();
    Arrays.fill(r.body(), (byte) 0); // what the TLS-PSK server does after the write
    r.afterWrite().run();
    return new Reply(r.status(), r.contentType(), r.allow(), seen, r.body());
  }

  static byte[] hex(String text) {
    return java.util.HexFormat.of().parseHex(text);
  }

  static boolean allZero(byte[] bytes) {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  static void assertJsonError(Reply reply, int status) {
    assertEquals(status, reply.status(), () -> new String(reply.body(), StandardCharsets.UTF_8));
    assertEquals("application/json", reply.contentType());
    assertEquals(1, reply.json().size());
    assertEquals(true, reply.json().get("error").isTextual());
  }
}
