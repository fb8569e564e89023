package org.ukms.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads configuration text from {@code <dir>/c.toml}; errors come back with the path as FILE. */
final class ConfigText {
  private ConfigText() {}

  static UkmsConfig load(Path dir, String text) throws Exception {
    Path file = dir.resolve("c.toml");
    Files.writeString(file, text);
    return ConfigLoader.load(file, dir);
  }

  static List<String> errors(Path dir, String text) {
    Path file = dir.resolve("c.toml");
    ConfigException e = assertThrows(ConfigException.class, () -> load(dir, text));
    return e.errors().stream().map(Object::toString)
        .map(s -> s.replace(file.toString(), "FILE")).toList();
  }
}
