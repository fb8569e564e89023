package org.ukms.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the admin endpoint ({@code /health}, {@code /metrics}, {@code /status}) listens: a Unix
 * socket ({@code "unix:PATH"}) or a TCP address ({@code "HOST:PORT"}, loopback unless
 * {@code admin_listen_allow_remote = true}). When {@code admin_listen} is unset the endpoint is the
 * socket {@code <state_dir>/admin.sock}, so {@code ukms status --config FILE} finds it from the same
 * file the daemon read.
 *
 * @param socket the Unix socket, or null for TCP
 * @param host the TCP host, or null for a Unix socket
 * @param port the TCP port (0 for any free port), or -1 for a Unix socket
 */
public record AdminListen(Path socket, String host, int port) {
  /** A Unix socket path must fit {@code sun_path} (108 bytes with its terminating NUL). */
  static final int MAX_SOCKET_PATH = 107;

  public AdminListen {
    if ((socket == null) == (host == null)) {
      throw new IllegalArgumentException("either a socket or a host");
    }
    if (host != null && (port < 0 || port > 65535)) {
      throw new IllegalArgumentException("port out of range");
    }
  }

  /** The default: {@code <stateDir>/admin.sock}. */
  public static AdminListen defaultFor(Path stateDir) {
    return new AdminListen(stateDir.resolve("admin.sock"), null, -1);
  }

  public boolean unix() {
    return socket != null;
  }

  /** Whether the TCP host is a loopback name or address (always true for a Unix socket). */
  public boolean loopback() {
    if (unix()) {
      return true;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.equals("::1") || h.equals("[::1]")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  /**
   * Parses {@code "unix:PATH"} (relative paths against {@code workDir}) or {@code "HOST:PORT"}
   * ({@code [::1]:9100} for IPv6); empty with {@code problem} set to what is wrong.
   */
  static Optional<AdminListen> parse(String value, Path workDir, StringBuilder problem) {
    Objects.requireNonNull(value, "value");
    if (value.startsWith("unix:")) {
      String p = value.substring("unix:".length());
      if (p.isEmpty()) {
        problem.append("expected unix:PATH, e.g. \"unix:/run/ukms/admin.sock\"");
        return Optional.empty();
      }
      Path path = workDir.resolve(p).normalize();
      if (path.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
          > MAX_SOCKET_PATH) {
        problem.append("the socket path is longer than " + MAX_SOCKET_PATH
            + " bytes, the limit of a Unix socket address");
        return Optional.empty();
      }
      return Optional.of(new AdminListen(path, null, -1));
    }
    Optional<HostPort> at = HostPort.parse(value, 0);
    if (at.isEmpty()) {
      problem.append("expected \"unix:PATH\" or \"HOST:PORT\" with a port in 0..65535, e.g. "
          + "\"127.0.0.1:9100\" or \"[::1]:9100\"");
      return Optional.empty();
    }
    return Optional.of(new AdminListen(null, at.get().host(), at.get().port()));
  }

  @Override
  public String toString() {
    return unix() ? "unix:" + socket : new HostPort(host, port).toString();
  }
}
