package org.ukms.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An IOException whose message is only a path still reads as a cause. */
class IoErrorsTest {
  @TempDir Path dir;

  @Test
  void describe_pathOnlyExceptions_nameTheCause() {
    assertEquals("/var/lib/x: permission denied",
        IoErrors.describe(new AccessDeniedException("/var/lib/x")));
    assertEquals("/var/lib/x: no such file or directory",
        IoErrors.describe(new NoSuchFileException("/var/lib/x")));
    assertEquals("/var/lib/x: read-only file system",
        IoErrors.describe(new FileSystemException("/var/lib/x", null, "Read-only file system")));
    assertEquals("/a -> /b: no space left on device",
        IoErrors.describe(new FileSystemException("/a", "/b", "No space left on device")));
  }

  @Test
  void describe_realFailure_andOtherExceptions() throws Exception {
    Path file = Files.writeString(dir.resolve("f"), "x");
    IOException real = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
        () -> Files.createDirectories(file.resolve("sub")));

    assertEquals(file.resolve("sub") + ": not a directory", IoErrors.describe(real));
    assertEquals("cannot listen on 127.0.0.1:1: Address already in use",
        IoErrors.describe(new IOException("cannot listen on 127.0.0.1:1: Address already in use")));
    assertEquals("IOException", IoErrors.describe(new IOException()));
    assertEquals("EOFException: truncated", IoErrors.cause(new java.io.EOFException("truncated")));
  }
}
