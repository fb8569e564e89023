package org.ukms.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.crypto.Secret;

/**
 * Fuzz (docs/fuzzing.md): the secret files ukms reads back at start, with any content, 0600 in
 * a 0700 folder. {@link ChainStateFile#load} returns a state or throws IOException naming no
 * key; a state it returns saves and loads back the same. {@link PskFile#load} returns the PSK
 * exactly when the file is one canonical 32-byte Base64 line.
 */
class SecretFilesFuzzTest {
  private static final Pattern KEY_TEXT = Pattern.compile("[A-Za-z0-9+/=]{16,}");

  @TempDir Path dir;
  private Path folder;
  private Path copies;

  @BeforeEach
  void folders() throws IOException {
    folder = Files.createDirectory(dir.resolve("state"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    copies = dir.resolve("copies");
  }

  @FuzzTest
  void chainStateLoad_anyContent_isAStateOrAnIOException(byte[] content) throws IOException {
    ChainStateFile file = new ChainStateFile(folder, "bob");
    write(file.path(), content);

    Optional<ChainStateFile.State> state;
    try {
      state = file.load();
    } catch (IOException e) {
      String message = String.valueOf(e.getMessage()).replace(file.path().toString(), "FILE");
      Matcher keys = KEY_TEXT.matcher(new String(content, StandardCharsets.ISO_8859_1));
      while (keys.find()) {
        assertFalse(message.contains(keys.group()), () -> "key text in: " + message);
      }
      return;
    }
    ChainStateFile.State s = state.orElseThrow(); // the file exists
    assertNotNull(s.chainKey());
    if (s.psk() == null) {
      return; // a version 1 file: save() writes version 2 only
    }
    ChainStateFile copy = new ChainStateFile(copies, "bob");
    copy.save(s);
    ChainStateFile.State back = copy.load().orElseThrow();
    assertEquals(s.epoch(), back.epoch());
    assertEquals(s.previousEpoch(), back.previousEpoch());
    assertEquals(s.confirmedAt(), back.confirmedAt());
    assertArrayEquals(s.chainKey().reveal(), back.chainKey().reveal());
    assertArrayEquals(s.psk().reveal(), back.psk().reveal());
    assertEquals(s.previousKey() == null, back.previousKey() == null);
    if (s.previousKey() != null) {
      assertArrayEquals(s.previousKey().reveal(), back.previousKey().reveal());
    }
  }

  @FuzzTest
  void pskFileLoad_anyContent_isThePskExactlyWhenCanonical(byte[] content) throws Exception {
    PskFile file = new PskFile(folder, "bob");
    write(file.path(), content);

    Optional<Secret> psk = file.load();

    String text = new String(content, StandardCharsets.ISO_8859_1);
    String line = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    Optional<byte[]> expected = canonical32(line);
    assertEquals(expected.isPresent(), psk.isPresent(), () -> "loaded? " + text);
    if (psk.isPresent()) {
      assertArrayEquals(expected.get(), psk.get().reveal());
      PskFile copy = new PskFile(copies, "bob");
      copy.install(psk.get());
      assertEquals(line + "\n", Files.readString(copy.path(), StandardCharsets.ISO_8859_1));
    }
  }

  private static void write(Path file, byte[] content) throws IOException {
    if (!Files.exists(file)) {
      Files.createFile(file,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.write(file, content);
  }

  private static Optional<byte[]> canonical32(String text) {
    try {
      byte[] bytes = Base64.getDecoder().decode(text);
      return bytes.length == 32 && Base64.getEncoder().encodeToString(bytes).equals(text)
          ? Optional.of(bytes) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
