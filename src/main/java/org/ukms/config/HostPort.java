package org.ukms.config;

import java.util.Optional;

/**
 * A {@code HOST:PORT} as every listen, dial and address key and option spells it: a host name or
 * IPv4 address, or an IPv6 address in brackets ({@code [::1]:8443}), a colon and a decimal port.
 * The host is kept without brackets.
 */
public record HostPort(String host, int port) {
  private static final int MAX_PORT = 65535;

  /**
   * Parses {@code value}, with its port from {@code minPort} (0 where the system may choose a
   * free port, 1 where a real one is needed) to 65535; empty when it is not such a value.
   */
  public static Optional<HostPort> parse(String value, int minPort) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    String host = value.substring(0, colon);
    String digits = value.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
      if (!host.contains(":")) {
        return Optional.empty();
      }
    } else if (host.contains(":") || host.contains("[") || host.contains("]")) {
      return Optional.empty();
    }
    if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace) || digits.isEmpty()
        || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    int port = Integer.parseInt(digits);
    return port < minPort || port > MAX_PORT ? Optional.empty()
        : Optional.of(new HostPort(host, port));
  }

  /** What a value of this kind must look like, for an error that names what it found. */
  public static String expected(int minPort) {
    return "expected HOST:PORT with a port in " + minPort + ".." + MAX_PORT
        + " (an IPv6 address in brackets, e.g. [::1]:8443)";
  }

  /** The value as it would be written, with an IPv6 host in brackets. */
  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
