package org.ukms.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Typed, located access to one TOML table. Every problem becomes a {@link ConfigError} in the
 * shared list; nothing is thrown, so one pass reports every error in the file.
 */
final class TableReader {
  private final String file;
  private final TomlParseResult root;
  private final List<String> path;
  private final TomlTable table;
  private final List<ConfigError> errors;
  private final Set<String> known = new LinkedHashSet<>();

  TableReader(String file, TomlParseResult root, List<String> path, TomlTable table,
      List<ConfigError> errors) {
    this.file = file;
    this.root = root;
    this.path = List.copyOf(path);
    this.table = table;
    this.errors = errors;
  }

  Optional<String> string(String key, boolean required, String hint) {
    return typed(key, String.class, "string", required, hint);
  }

  Optional<Long> integer(String key, boolean required, String hint) {
    return typed(key, Long.class, "integer", required, hint);
  }

  /** A TOML float or integer, as a double. */
  Optional<Double> number(String key, String hint) {
    known.add(key);
    Object value = table.get(List.of(key));
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Long l) {
      return Optional.of(l.doubleValue());
    }
    if (value instanceof Double d) {
      return Optional.of(d);
    }
    error(key, "expected number, found " + typeName(value) + " (" + hint + ")");
    return Optional.empty();
  }

  Optional<Boolean> bool(String key, String hint) {
    return typed(key, Boolean.class, "boolean", false, hint);
  }

  /** An array of strings (possibly empty); any other element type is an error. */
  Optional<List<String>> strings(String key, String hint) {
    return typed(key, TomlArray.class, "array", false, hint).flatMap(array -> {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        Object element = array.get(i);
        if (!(element instanceof String s)) {
          error(key, "element " + (i + 1) + " is " + typeName(element)
              + ", expected string (" + hint + ")");
          return Optional.empty();
        }
        out.add(s);
      }
      return Optional.of(out);
    });
  }

  /**
   * A string that must be one of the names of {@code choices} (matched exactly, else ignoring
   * case), as its value. Anything else is an error listing every valid name, in the map's order:
   * {@code expected "qkd", "pqc" or "hybrid" (hint), found "x"}.
   */
  <E> Optional<E> choice(String key, Map<String, E> choices, String hint) {
    return string(key, false, hint).flatMap(value -> {
      E exact = choices.get(value);
      if (exact != null) {
        return Optional.of(exact);
      }
      for (Map.Entry<String, E> c : choices.entrySet()) {
        if (c.getKey().equalsIgnoreCase(value)) {
          return Optional.of(c.getValue());
        }
      }
      error(key, "expected " + listed(choices.keySet()) + " (" + hint + "), found \"" + value
          + "\"");
      return Optional.empty();
    });
  }

  /** Every value of an enum by the name {@code name} gives it, in declaration order. */
  static <E> Map<String, E> choices(E[] values, Function<E, String> name) {
    Map<String, E> out = new LinkedHashMap<>();
    for (E v : values) {
      out.put(name.apply(v), v);
    }
    return Collections.unmodifiableMap(out);
  }

  /** String choices that stand for themselves, in this order. */
  static Map<String, String> names(String... names) {
    return choices(names, n -> n);
  }

  /** {@code "a"}, {@code "a" or "b"}, {@code "a", "b" or "c"}. */
  private static String listed(Collection<String> names) {
    List<String> quoted = names.stream().map(n -> "\"" + n + "\"").toList();
    if (quoted.size() == 1) {
      return quoted.get(0);
    }
    return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or "
        + quoted.get(quoted.size() - 1);
  }

  /**
   * {@code value} of {@code key} as a {@link HostPort} with a port from {@code minPort}; empty,
   * with the located error, when it is not one.
   */
  Optional<HostPort> hostPort(String key, String value, int minPort) {
    Optional<HostPort> at = HostPort.parse(value, minPort);
    if (at.isEmpty()) {
      error(key, HostPort.expected(minPort) + ", found \"" + value + "\"");
    }
    return at;
  }

  Optional<TomlTable> table(String key, boolean required, String hint) {
    return typed(key, TomlTable.class, "table", required, hint);
  }

  /** Declares a key as known without reading it (read elsewhere). */
  void allow(String key) {
    known.add(key);
  }

  boolean has(String key) {
    return table.contains(List.of(key));
  }

  /** Reports every key of this table that no read or {@link #allow} declared. */
  void rejectUnknown() {
    for (String key : table.keySet()) {
      if (!known.contains(key)) {
        String guess = Suggestions.closest(key, known);
        error(key, "unknown key ("
            + (guess == null ? "see docs/configuration.md"
                : "did you mean \"" + guess + "\"?")
            + ")");
      }
    }
  }

  /** An error located at {@code key} of this table. */
  void error(String key, String message) {
    List<String> full = new ArrayList<>(path);
    full.add(key);
    TomlPosition at = root.inputPositionOf(full);
    if (at == null) {
      at = tablePosition();
    }
    errors.add(new ConfigError(file, at.line(), at.column(), dotted(full), message));
  }

  /** An error about the table itself (a missing key), located at its header. */
  void missing(String key, String hint) {
    List<String> full = new ArrayList<>(path);
    full.add(key);
    TomlPosition at = tablePosition();
    errors.add(new ConfigError(file, at.line(), at.column(), dotted(full),
        "missing required key (" + hint + ")"));
  }

  String dotted(String key) {
    List<String> full = new ArrayList<>(path);
    full.add(key);
    return dotted(full);
  }

  private TomlPosition tablePosition() {
    TomlPosition at = path.isEmpty() ? null : root.inputPositionOf(path);
    return at == null ? TomlPosition.positionAt(1, 1) : at;
  }

  private <T> Optional<T> typed(String key, Class<T> type, String typeName, boolean required,
      String hint) {
    known.add(key);
    Object value = table.get(List.of(key));
    if (value == null) {
      if (required) {
        missing(key, hint);
      }
      return Optional.empty();
    }
    if (!type.isInstance(value)) {
      error(key, "expected " + typeName + ", found " + typeName(value) + " (" + hint + ")");
      return Optional.empty();
    }
    return Optional.of(type.cast(value));
  }

  private static String typeName(Object value) {
    if (value instanceof String) {
      return "string";
    } else if (value instanceof Long) {
      return "integer";
    } else if (value instanceof Double) {
      return "float";
    } else if (value instanceof Boolean) {
      return "boolean";
    } else if (value instanceof TomlTable) {
      return "table";
    } else if (value instanceof TomlArray) {
      return "array";
    }
    return "date/time";
  }

  /** Keys joined with dots, each quoted unless it is bare (letters, digits, _ and -). */
  static String dotted(List<String> keys) {
    StringBuilder out = new StringBuilder();
    for (String key : keys) {
      if (out.length() > 0) {
        out.append('.');
      }
      boolean bare = !key.isEmpty() && key.chars().allMatch(
          c -> Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-');
      out.append(bare ? key : '"' + key.replace("\"", "\\\"") + '"');
    }
    return out.toString();
  }
}
