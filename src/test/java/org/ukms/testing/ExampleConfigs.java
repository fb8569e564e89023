package org.ukms.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The configs of {@code example/} (alice, bob, carol), copied into a folder with their fixed
 * ports replaced by free ones, so tests can run them next to anything else. The example auth keys
 * are public, but ukms refuses secret files that others may read, so their copies are 0600.
 */
public final class ExampleConfigs {
  public static final List<String> NODES = List.of("alice", "bob", "carol");
  private static final Map<String, Integer> EXAMPLE_PORTS =
      Map.of("alice", 27101, "bob", 27102, "carol", 27103,
          "alice-admin", 27111, "bob-admin", 27112, "carol-admin", 27113);

  private ExampleConfigs() {}

  /** Writes {@code <dir>/example/<node>.toml} for each node; returns node to file. */
  public static Map<String, Path> copyTo(Path dir) throws IOException {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String node : EXAMPLE_PORTS.keySet()) {
      ports.put(node, FreePorts.next());
    }
    Files.createDirectories(dir.resolve("example/keys"));
    try (var keys = Files.list(Path.of("example/keys"))) {
      for (Path key : keys.toList()) {
        Path copy = Files.copy(key, dir.resolve("example/keys").resolve(key.getFileName()));
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
      }
    }
    Map<String, Path> files = new LinkedHashMap<>();
    for (String node : NODES) {
      String text = Files.readString(Path.of("example", node + ".toml"));
      Map<String, Integer> byPort = new LinkedHashMap<>();
      EXAMPLE_PORTS.forEach((name, port) -> byPort.put(port.toString(), ports.get(name)));
      text = replacePorts(text, byPort);
      files.put(node, Files.writeString(dir.resolve("example/" + node + ".toml"), text));
    }
    return files;
  }

  /**
   * Replaces each whole number in {@code text} that is a key of {@code ports} by its value, in
   * one pass: replacing one port after another could rewrite part of a port written a moment
   * before (a free port 28443 holds the example's 8443).
   */
  public static String replacePorts(String text, Map<String, Integer> ports) {
    Pattern number = Pattern.compile("(?<![0-9])[0-9]+(?![0-9])");
    return number.matcher(text).replaceAll(m -> {
      Integer to = ports.get(m.group());
      return to == null ? m.group() : to.toString();
    });
  }

  /**
   * Makes the repository's own example keys 0600, as {@code example/run.sh} and {@code ukms
   * demo} do, for tests that use {@code example/} in place (git keeps no such mode, so the work
   * tree stays clean).
   */
  public static void makeKeysPrivate() throws IOException {
    try (var keys = Files.list(Path.of("example/keys"))) {
      for (Path key : keys.filter(k -> k.toString().endsWith(".key")).toList()) {
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      }
    }
  }

  /** The PSK file that {@code node} writes for {@code peer}, relative to the run folder. */
  public static Path psk(Path runDir, String node, String peer) {
    return runDir.resolve("psk").resolve(node).resolve(peer + ".key");
  }
}
