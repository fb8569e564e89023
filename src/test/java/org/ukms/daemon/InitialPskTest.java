package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.PeerConfig;
import org.ukms.config.Protocol;
import org.ukms.config.V2Settings;
import org.ukms.core.V2Schedule;
import org.ukms.crypto.Secret;
import org.ukms.sink.ChainStateFile;
import org.ukms.sink.PskFile;
import org.ukms.testing.ManualClock;

class InitialPskTest {
  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  @TempDir Path dir;
  final ManualClock clock = new ManualClock(NOW);
  final SecureRandom random = new SecureRandom();

  private PeerConfig peer(boolean keep) {
    return new PeerConfig("bob", "bob", "alice", null, "bob", URI.create("http://127.0.0.1:1"),
        null, Duration.ofSeconds(30), Duration.ofSeconds(5), Protocol.V2,
        new V2Settings(dir.resolve("auth.key"), V2Schedule.Mode.PQC, Duration.ofSeconds(90), keep,
            Duration.ofSeconds(60)));
  }

  static Secret key(int first) {
    byte[] raw = new byte[32];
    raw[0] = (byte) first;
    return Secret.copyOf(raw);
  }

  private Optional<ChainStateFile.State> savedAt(Instant confirmed) {
    return Optional.of(new ChainStateFile.State(5, key(1), 4, null, key(9), confirmed));
  }

  @Test
  void v2_aFreshSavedPsk_isAppliedAgain() {
    InitialPsk initial = InitialPsk.v2(peer(false), savedAt(NOW.minusSeconds(89)), clock, random);

    assertEquals("state", initial.source());
    assertArrayEquals(key(9).reveal(), initial.psk().reveal());
  }

  @Test
  void v2_aSavedPskPastItsLifetime_isReplacedByRandom_unlessKept() {
    InitialPsk expired = InitialPsk.v2(peer(false), savedAt(NOW.minusSeconds(90)), clock, random);
    InitialPsk kept = InitialPsk.v2(peer(true), savedAt(NOW.minusSeconds(9000)), clock, random);

    assertEquals("random_state_expired", expired.source());
    assertFalse(Arrays.equals(key(9).reveal(), expired.psk().reveal()));
    assertEquals("state", kept.source());
  }

  @Test
  void v2_noStateOrAVersion1State_givesARandomPsk() {
    InitialPsk none = InitialPsk.v2(peer(false), Optional.empty(), clock, random);
    InitialPsk old = InitialPsk.v2(peer(false),
        Optional.of(new ChainStateFile.State(5, key(1), 4, null, null, null)), clock, random);

    assertEquals("random_no_state", none.source());
    assertEquals("random_no_state", old.source());
    assertEquals(32, none.psk().length());
    assertFalse(Arrays.equals(none.psk().reveal(), old.psk().reveal()));
  }

  @Test
  void v1_usesThePskFile_elseRandom() throws Exception {
    PskFile file = new PskFile(dir, "bob");
    InitialPsk missing = InitialPsk.v1(file, random);
    file.install(key(4));
    InitialPsk present = InitialPsk.v1(file, random);
    Files.writeString(file.path(), "not a key\n");
    InitialPsk damaged = InitialPsk.v1(file, random);

    assertEquals("random_no_psk_file", missing.source());
    assertEquals("psk_file", present.source());
    assertArrayEquals(key(4).reveal(), present.psk().reveal());
    assertEquals("random_no_psk_file", damaged.source());
    assertEquals("random_no_psk_file", InitialPsk.v1(null, random).source());
  }
}
