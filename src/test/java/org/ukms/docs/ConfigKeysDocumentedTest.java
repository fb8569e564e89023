package org.ukms.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every configuration key the loader knows is documented in docs/configuration.md. The keys are
 * found in the source of every class of {@code org.ukms.config}: the string literals passed to a
 * method that takes a {@code String key} (TableReader's readers such as {@code string(}, {@code
 * integer(}, {@code bool(}, and any helper such as {@code seconds(r, "key", …)}), so splitting the
 * loader into more reader classes keeps them found. A key counts as documented when it appears as
 * a whole word in the first cell of a table row (the key column) or in a heading of that page.
 */
class ConfigKeysDocumentedTest {
  private static final Path CONFIG = Path.of("src/main/java/org/ukms/config");
  private static final Pattern KEY_METHOD = Pattern.compile(
      "\\b([a-z][A-Za-z0-9]*)\\s*\\([^()]*\\bString key\\b[^()]*\\)\\s*(?:throws[^{;]*)?\\{");
  private static final Pattern LITERAL = Pattern.compile("\"([A-Za-z_][A-Za-z0-9_]*)\"");

  @Test
  void everyLoaderKey_isInTheConfigurationReference() throws IOException {
    List<String> reference = Files.readAllLines(Path.of("docs/configuration.md")).stream()
        .filter(l -> l.startsWith("|") || l.startsWith("#"))
        .map(l -> l.startsWith("|") ? l.split("\\|")[1] : l).toList();
    List<String> undocumented = new ArrayList<>();
    for (String key : loaderKeys()) {
      Pattern word = Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(key)
          + "(?![A-Za-z0-9_])");
      if (reference.stream().noneMatch(l -> word.matcher(l).find())) {
        undocumented.add(key);
      }
    }
    assertEquals(List.of(), undocumented, "keys the loader reads but docs/configuration.md "
        + "does not document (add a table row)");
  }

  @Test
  void loaderKeys_findsKeysOfEveryTableAndHelper() throws IOException {
    Set<String> keys = loaderKeys();

    for (String key : List.of("key_rotation_seconds", "admin_listen", "psk_file_names", "alias",
        "auth_window_seconds", "etsi_kme_id_field", "fake_qkd_drop_ratio", "interface",
        "on_rotate_timeout_seconds", "fake_qkd_key_size")) {
      assertTrue(keys.contains(key), key + " not found in " + keys);
    }
  }

  /** The keys named in calls to key-taking methods, over every source file of the package. */
  static Set<String> loaderKeys() throws IOException {
    List<String> sources = new ArrayList<>();
    try (Stream<Path> files = Files.list(CONFIG)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        sources.add(Files.readString(f));
      }
    }
    Set<String> methods = new TreeSet<>(Set.of("string", "integer", "number", "bool", "strings",
        "table", "allow", "seconds"));
    for (String source : sources) {
      Matcher m = KEY_METHOD.matcher(source);
      while (m.find()) {
        methods.add(m.group(1));
      }
    }
    Pattern call = Pattern.compile("\\b(?:" + String.join("|", methods)
        + ")\\(\\s*(?:[A-Za-z_][A-Za-z0-9_.]*\\s*,\\s*)?(\"[A-Za-z_][A-Za-z0-9_]*\")");
    Set<String> keys = new TreeSet<>();
    for (String source : sources) {
      Matcher m = call.matcher(source);
      while (m.find()) {
        Matcher literal = LITERAL.matcher(m.group(1));
        if (literal.matches()) {
          keys.add(literal.group(1));
        }
      }
    }
    return keys;
  }
}
