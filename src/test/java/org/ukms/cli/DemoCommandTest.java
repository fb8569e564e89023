package org.ukms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@code ukms demo} runs: a checkout's example/, else the copy inside the jar. */
@org.junit.jupiter.api.extension.ExtendWith(org.ukms.testing.RestoreLogging.class)
class DemoCommandTest {
  @TempDir Path dir;
  private final StringWriter err = new StringWriter();

  @Test
  void root_withExampleInTheWorkingFolder_isThatFolder() throws Exception {
    Files.createDirectories(dir.resolve("example"));

    assertEquals(dir, DemoCommand.root(dir, new PrintWriter(err, true)));
    assertEquals("", err.toString());
  }

  @Test
  void root_withoutExample_unpacksTheBundledOneInATemporaryFolder() throws Exception {
    Path root = DemoCommand.root(dir, new PrintWriter(err, true));
    try {
      assertTrue(!root.equals(dir) && root.getFileName().toString().startsWith("ukms-demo-"));
      assertEquals(Files.readString(Path.of("example/bob.toml")),
          Files.readString(root.resolve("example/bob.toml")));
      assertTrue(Files.exists(root.resolve("example/keys/EXAMPLE-alice-bob.key")));
      assertEquals("ukms demo: no example/ here; running the bundled example in " + root + "\n",
          err.toString());
    } finally {
      try (var files = Files.walk(root)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
