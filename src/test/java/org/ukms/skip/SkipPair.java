package org.ukms.skip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.ukms.config.SkipSettings;
import org.ukms.core.KeyRef;
import org.ukms.core.KeySource;
import org.ukms.core.KeySourceException;
import org.ukms.core.SkipMessage;
import org.ukms.core.V2Schedule;
import org.ukms.crypto.Secret;
import org.ukms.crypto.V2Keys;
import org.ukms.peer.SkipCodec;
import org.ukms.peer.V2Responder;

/**
 * Two SKIP Key Providers, "Alice" (node alice) and "Bob" (node bob), for tests: a simulated QKD
 * link between their key sources, the pair's auth key, settings, and Bob's recording key store.
 */
final class SkipPair {
  static final ObjectMapper MAPPER = new ObjectMapper();
  final SecureRandom random = new SecureRandom();
  final QkdLink link = new QkdLink();
  final RecordingStore bobStore = new RecordingStore();
  final Secret authKey = Secret.copyOf(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
      15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});

  static SkipSettings settings(String local, String pattern, String peer) {
    return new SkipSettings("127.0.0.1", 8443, false, local, "test", Duration.ofSeconds(120), 10,
        true, 128, 512, false, List.of(new SkipSettings.RemoteSystem(pattern, peer)),
        List.of(new SkipSettings.Encryptor("router", Path.of("x.psk"),
            SkipSettings.PskFormat.HEX)));
  }

  /** The link from {@code self} to {@code peer} in {@code mode} over {@code channel}. */
  SkipLink link(String self, String peer, V2Schedule.Mode mode, SkipMessage.Channel channel) {
    V2Keys keys = V2Keys.of(authKey);
    return new SkipLink(self, peer, mode, mode == V2Schedule.Mode.PQC ? null : link, keys::skipSalt,
        channel);
  }

  static Function<String, Optional<SkipLink>> only(String peer, SkipLink link) {
    return id -> id.equals(peer) ? Optional.of(link) : Optional.empty();
  }

  /** Bob's responder for Alice in {@code mode}, with Bob's [skip] settings. */
  SkipResponder bob(V2Schedule.Mode mode, SkipSettings settings) {
    return SkipResponder.create(settings, only("alice", link("bob", "alice", mode,
        s -> new SkipMessage.Failed("bob never initiates here"))), bobStore, random);
  }

  /** A channel that takes the sync through the real codec to {@code responder} as alice's. */
  static SkipMessage.Channel inMemory(SkipResponder responder, List<SkipMessage.Sync> sent) {
    return sync -> {
      sent.add(sync);
      try {
        JsonNode body = MAPPER.readTree(SkipCodec.encodeSync(sync));
        V2Responder.Answer a = SkipCodec.respond(body, s -> responder.answer("alice", s));
        return SkipCodec.decodeAnswer(a.status(), MAPPER.readTree(a.json()));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  /** Alice's minter towards bob. */
  SkipSync alice(String local, V2Schedule.Mode mode, SkipMessage.Channel channel) {
    return SkipSync.create(settings(local, "Bob", "bob"),
        only("bob", link("alice", "bob", mode, channel)), random);
  }

  /** A QKD link: keys made at one end are fetched once, by reference, at the other. */
  static final class QkdLink implements KeySource {
    private final Map<String, byte[]> keys = new LinkedHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    volatile boolean down;

    @Override
    public synchronized Delivered fresh() throws KeySourceException {
      if (down) {
        throw new KeySourceException("simulated KME down", true, null);
      }
      byte[] key = new byte[32];
      random.nextBytes(key);
      String ref = "ref-" + next.incrementAndGet();
      keys.put(ref, key);
      return new Delivered(new KeyRef(ref), Secret.copyOf(key));
    }

    /** Keys made at one end and not yet fetched at the other. */
    synchronized int unfetched() {
      return keys.size();
    }

    @Override
    public synchronized Secret fetch(KeyRef ref) throws KeySourceException {
      byte[] key = keys.remove(ref.value());
      if (key == null) {
        throw new KeySourceException("no key " + ref, false, null);
      }
      return Secret.copyOf(key);
    }
  }

  /** A key store that keeps copies, refusing a keyId it holds (as SkipKeyStore demands). */
  static final class RecordingStore implements SkipKeyStore {
    final Map<String, byte[]> keys = new LinkedHashMap<>();
    final Map<String, String> systems = new LinkedHashMap<>();
    final List<String> refused = new ArrayList<>();
    volatile boolean full;

    @Override
    public boolean hasRoom() {
      return !full;
    }

    @Override
    public synchronized boolean deposit(String remoteSystemId, String keyIdHex, byte[] key) {
      if (keys.containsKey(keyIdHex)) {
        refused.add(keyIdHex);
        return false;
      }
      keys.put(keyIdHex, key.clone());
      systems.put(keyIdHex, remoteSystemId);
      return true;
    }
  }
}
