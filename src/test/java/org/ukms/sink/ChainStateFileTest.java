package org.ukms.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.crypto.Secret;

class ChainStateFileTest {
  @TempDir Path dir;

  static Secret key(int first) {
    byte[] raw = new byte[32];
    raw[0] = (byte) first;
    return Secret.copyOf(raw);
  }

  @Test
  void saveThenLoad_keepsChainPreviousAndThePskInForce_privately() throws Exception {
    ChainStateFile file = new ChainStateFile(dir.resolve("state"), "bob");
    Instant at = Instant.parse("2026-11-22T01:02:03.456Z");

    file.save(new ChainStateFile.State(7, key(1), 6, key(2), key(3), at));
    ChainStateFile.State back = file.load().orElseThrow();

    assertEquals(7, back.epoch());
    assertEquals(6, back.previousEpoch());
    assertArrayEquals(key(1).reveal(), back.chainKey().reveal());
    assertArrayEquals(key(2).reveal(), back.previousKey().reveal());
    assertArrayEquals(key(3).reveal(), back.psk().reveal());
    assertEquals(at, back.confirmedAt());
    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(file.path())));
  }

  @Test
  void load_aVersion1File_hasNoPsk() throws Exception {
    String ck = Base64.getEncoder().encodeToString(key(1).reveal());
    writePrivate(dir.resolve("bob.state"), "ukms-v2-state 1\n3 " + ck + "\n2 -\n");

    ChainStateFile.State back = new ChainStateFile(dir, "bob").load().orElseThrow();

    assertEquals(3, back.epoch());
    assertNull(back.previousKey());
    assertNull(back.psk());
    assertNull(back.confirmedAt());
  }

  @Test
  void load_aVersion2FileWithoutItsPskLine_isDamaged() throws Exception {
    String ck = Base64.getEncoder().encodeToString(key(1).reveal());
    writePrivate(dir.resolve("bob.state"), "ukms-v2-state 2\n3 " + ck + "\n2 -\n");

    IOException e = assertThrows(IOException.class, () -> new ChainStateFile(dir, "bob").load());
    assertEquals(dir.resolve("bob.state") + ": not a ukms v2 state file", e.getMessage());
  }

  @Test
  void load_stateFileOthersMayRead_isRefused_neitherReadNorTakenAsMissing() throws Exception {
    ChainStateFile file = new ChainStateFile(dir, "bob");
    file.save(new ChainStateFile.State(7, key(1), 6, key(2), key(3), Instant.EPOCH));
    Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("rw-r--r--"));

    UnsafeFileException e = assertThrows(UnsafeFileException.class, file::load);

    assertEquals("\"" + file.path() + "\" is accessible by group or others (mode 0644); a key "
        + "file must be private: chmod 600 " + file.path(), e.getMessage());
  }

  @Test
  void load_missingFile_isEmpty() throws Exception {
    assertEquals(java.util.Optional.empty(), new ChainStateFile(dir, "bob").load());
  }

  private static void writePrivate(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }
}
