package org.ukms.etsi004;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * OPEN_CONNECT(source, destination, QoS, Key_stream_ID). Source and destination must be absolute
 * URIs (e.g. {@code wgrot://alice}) of at most 255 bytes (E004-OC-09).
 */
public record OpenConnectRequest(String source, String destination, Qos qos, KeyStreamId ksid) {
  public OpenConnectRequest {
    checkUri(source, "source");
    checkUri(destination, "destination");
    Objects.requireNonNull(qos, "qos");
    Objects.requireNonNull(ksid, "ksid");
  }

  static void checkUri(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.getBytes(StandardCharsets.UTF_8).length > 255 || value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(name + ": longer than 255 bytes or contains NUL");
    }
    try {
      if (!new URI(value).isAbsolute()) {
        throw new IllegalArgumentException(name + ": expected an absolute URI such as "
            + "wgrot://alice, found \"" + value + "\"");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(name + ": not a URI: \"" + value + "\"");
    }
  }
}
