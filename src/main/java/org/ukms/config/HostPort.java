package org.ukms.config;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code HOST:PORT} as every listen, dial and address key and option spells it: a host name
 * (RFC 1123 labels) or IPv4 address, or an IPv6 address in brackets with an optional zone
 * ({@code [::1]:8443}, {@code [fe80::1%eth0]:8443}), a colon and a decimal port without leading
 * zeros. The host is kept without brackets, so it can go to {@code InetAddress.getByName}.
 */
public record HostPort(String host, int port) {
  private static final int MAX_PORT = 65535;
  private static final Pattern NAME = Pattern.compile(
      "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
          + "[A-Za-z0-9])?)*\\.?");
  private static final Pattern IPV6 =
      Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:%[A-Za-z0-9._~-]+)?");
  private static final Pattern PORT = Pattern.compile("0|[1-9][0-9]{0,4}");

  public HostPort {
    Objects.requireNonNull(host, "host");
    if (!(NAME.matcher(host).matches() && host.length() <= 253 || IPV6.matcher(host).matches())
        || port < 0 || port > MAX_PORT) {
      throw new IllegalArgumentException("not a host and port: " + host + " " + port);
    }
  }

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
    boolean bracketed = host.startsWith("[") && host.endsWith("]");
    if (bracketed) {
      host = host.substring(1, host.length() - 1);
    }
    boolean hostOk = bracketed ? IPV6.matcher(host).matches()
        : NAME.matcher(host).matches() && host.length() <= 253;
    if (!hostOk || !PORT.matcher(digits).matches()) {
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
