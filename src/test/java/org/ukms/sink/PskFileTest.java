package org.ukms.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.config.PskFileNames;
import org.ukms.crypto.Secret;

class PskFileTest {
  @TempDir Path dir;

  static Secret psk(int seed) {
    byte[] raw = new byte[32];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (byte) (seed * 31 + i);
    }
    return Secret.copyOf(raw);
  }

  @Test
  void install_writesWgGenpskFormat_0600_inA0700Folder() throws Exception {
    Path folder = dir.resolve("psk/alice");
    PskFile file = new PskFile(folder, "bob");

    file.install(psk(1));

    String text = Files.readString(folder.resolve("bob.key"), StandardCharsets.US_ASCII);
    assertEquals(45, text.length());
    assertTrue(text.endsWith("\n"));
    assertEquals(32, Base64.getDecoder().decode(text.strip()).length);
    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(folder.resolve("bob.key"))));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
  }

  @Test
  void install_ukmsV1Names_writesWhereUkmsWrites() throws Exception {
    PskFile file = new PskFile(dir, PskFileNames.UKMS_V1, "bob");

    file.install(psk(1));

    assertEquals(dir.resolve("wg2-bob.key"), file.path());
    assertTrue(Files.exists(dir.resolve("wg2-bob.key")));
    assertFalse(Files.exists(dir.resolve("bob.key")));
    assertEquals(32, file.load().orElseThrow().length());
  }

  @Test
  void load_pskFileOthersMayRead_isNotUsed() throws Exception {
    PskFile file = new PskFile(dir, "bob");
    file.install(psk(1));
    assertTrue(file.load().isPresent());

    Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("rw-r--r--"));

    assertEquals(java.util.Optional.empty(), file.load());
  }

  @Test
  void install_replacesAndLeavesNoTemporaryFiles() throws Exception {
    PskFile file = new PskFile(dir, "bob");
    file.install(psk(1));

    file.install(psk(2));

    assertEquals(Base64.getEncoder().encodeToString(psk(2).reveal()) + "\n",
        Files.readString(dir.resolve("bob.key")));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(dir.resolve("bob.key")), files.toList());
    }
  }

  @Test
  void install_failure_isASinkExceptionAndCleansUp() throws Exception {
    Files.createDirectories(dir.resolve("bob.key/occupied"));
    PskFile file = new PskFile(dir, "bob");

    SinkException e = assertThrows(SinkException.class, () -> file.install(psk(1)));

    assertTrue(e.getMessage().startsWith("cannot write " + dir.resolve("bob.key")), e.getMessage());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(dir.resolve("bob.key")), files.toList(), "no stray temporary file");
    }
  }

  @Test
  void ensureFolder_reportsAnExistingFolderOthersCanRead() throws Exception {
    Path open = Files.createDirectory(dir.resolve("open"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertFalse(PrivateFiles.ensureFolder(open));
    assertTrue(PrivateFiles.ensureFolder(dir.resolve("new")));
  }

  @Test
  void concurrentReader_neverSeesAPartialOrEmptyFile() throws Exception {
    PskFile file = new PskFile(dir, "bob");
    Path path = dir.resolve("bob.key");
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    CompletableFuture<String> bad = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      while (writing.get() || reads.get() == 0) {
        try {
          byte[] content = Files.readAllBytes(path);
          reads.incrementAndGet();
          if (content.length != 45 || content[44] != '\n') {
            bad.complete("read " + content.length + " bytes");
            return;
          }
        } catch (NoSuchFileException e) {
          // Not written yet: allowed before the first install only.
        } catch (IOException e) {
          bad.complete(e.toString());
          return;
        }
      }
    });
    reader.start();
    for (int i = 0; i < 2000; i++) {
      file.install(psk(i));
    }
    writing.set(false);
    reader.join(TimeUnit.SECONDS.toMillis(30));

    assertFalse(bad.isDone(), () -> bad.join());
    assertTrue(reads.get() > 0);
  }
}
