package org.ukms.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * What every table reader of one load shares: the file and its parse, the one error list, the
 * folder relative paths resolve against, the systemd credentials; and the value checks more than
 * one table needs (paths, seconds, URLs, private secret files).
 */
final class LoadContext {
  /** Largest value of a *_seconds key: a few of them added to now stay far inside Instant. */
  static final long MAX_SECONDS = 1_000_000_000L;
  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  final String file;
  final TomlParseResult root;
  final List<ConfigError> errors;
  final Path workDir;
  final SecretPaths secrets;

  LoadContext(String file, TomlParseResult root, List<ConfigError> errors, Path workDir,
      SecretPaths secrets) {
    this.file = file;
    this.root = root;
    this.errors = errors;
    this.workDir = workDir;
    this.secrets = secrets;
  }

  TableReader reader(List<String> path, TomlTable table) {
    return new TableReader(file, root, path, table, errors);
  }

  int errorCount() {
    return errors.size();
  }

  /**
   * {@code text} resolved against the work folder; one that cannot be a path (it holds a NUL
   * character) is an error here rather than an exception.
   */
  Optional<Path> path(TableReader r, String key, String text) {
    try {
      return Optional.of(workDir.resolve(text));
    } catch (InvalidPathException e) {
      r.error(key, "not a usable path (" + e.getReason() + ")");
      return Optional.empty();
    }
  }

  /** A path key naming a secret file: resolved, and through systemd credentials if loaded. */
  /** A readable PEM file named by {@code key} (a secret path); an error when unreadable. */
  Optional<Path> pemFile(TableReader r, String key, String hint) {
    Optional<Path> resolved = secretPath(r, key, "path of a PEM file: " + hint);
    resolved.filter(p -> !java.nio.file.Files.isReadable(p)).ifPresent(p -> r.error(key,
        "cannot read \"" + p + "\" (check the path and its permissions)"));
    return resolved.filter(java.nio.file.Files::isReadable);
  }

  Optional<Path> secretPath(TableReader r, String key, String hint) {
    return r.string(key, false, hint).flatMap(p -> path(r, key, p)).map(secrets::resolve);
  }

  /** A readable secret file must also be private, unless systemd handed it over. */
  void requirePrivate(TableReader r, String key, Path file) {
    if (Files.isReadable(file) && !secrets.isCredential(file)) {
      SecretFiles.problem(file).ifPresent(problem -> r.error(key, problem));
    }
  }

  static Optional<Duration> seconds(TableReader r, String key, boolean required, String hint) {
    return r.integer(key, required, hint).flatMap(s -> {
      if (s <= 0) {
        r.error(key, "must be positive, found " + s + " (" + hint + ")");
        return Optional.empty();
      }
      if (s > MAX_SECONDS) {
        r.error(key, "must be at most " + MAX_SECONDS + " (about 31 years), found " + s);
        return Optional.empty();
      }
      return Optional.of(Duration.ofSeconds(s));
    });
  }

  static Optional<URI> url(TableReader r, String key, String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      r.error(key, "not a URL (" + e.getReason() + ")");
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      r.error(key, "expected an http:// or https:// URL, found \"" + text + "\"");
      return Optional.empty();
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      r.error(key, "expected scheme://host[:port][/path] with no user, query or fragment, found \""
          + text + "\"");
      return Optional.empty();
    }
    String trimmed = text.replaceAll("/+$", "");
    return Optional.of(URI.create(trimmed));
  }

  /** Loopback by literal only: config checks never touch DNS. */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.equals("[::1]") || h.equals("::1")
        || IPV4_LOOPBACK.matcher(h).matches();
  }
}
