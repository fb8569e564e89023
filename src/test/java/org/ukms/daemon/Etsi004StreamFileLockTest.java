package org.ukms.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream file's lock against another process: python3 (fcntl.lockf, the POSIX record lock
 * the JDK's FileChannel lock also takes on Linux) holds {@code <file>.lock}, as a second daemon on
 * the same state_dir would; ukms refuses the file, naming it, and takes it once the lock is gone.
 */
class Etsi004StreamFileLockTest {
  @TempDir Path dir;

  @Test
  void aLockHeldByAnotherProcess_refusesTheFile_namingIt_untilItIsReleased() throws Exception {
    Etsi004StreamFile ledger = new Etsi004StreamFile(dir.resolve("state"), "bob", true);
    Files.createDirectories(dir.resolve("state"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path lock = dir.resolve("state/bob.etsi004-fixed.lock");
    String script = "import fcntl, sys\n"
        + "f = open(sys.argv[1], 'a')\n"
        + "fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
        + "print('locked', flush=True)\n"
        + "sys.stdin.read()\n";
    Process python;
    try {
      python = new ProcessBuilder(List.of("python3", "-c", script, lock.toString()))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      assumeTrue(false, "python3 not found: the cross-process lock check is skipped");
      return;
    }
    try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(),
        StandardCharsets.UTF_8))) {
      assertEquals("locked", out.readLine(), "python3 took the lock");

      IOException e = assertThrows(IOException.class, ledger::acquire);

      assertEquals(ledger.path() + ": in use by another ETSI 004 key source (" + lock
          + " is locked: another ukms on this state_dir, or this peer's previous session still "
          + "closing)", e.getMessage());
      python.getOutputStream().close(); // python3 exits, its lock with it
      assertTrue(python.waitFor(30, TimeUnit.SECONDS));
      ledger.acquire();
      ledger.release();
    } finally {
      python.destroy();
    }
  }
}
