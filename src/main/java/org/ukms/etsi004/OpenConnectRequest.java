package org.ukms.etsi004;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * OPEN_CONNECT(source, destination, QoS, Key_stream_ID). Source and destination are at most 255
 * bytes without NUL; the record takes any such text, because other clients send non-URIs (the
 * reference example sends {@code qkd//app1@…}), while {@link Etsi004Client} only sends absolute
 * URIs (E004-OC-09, {@link #requireAbsoluteUri}).
 */
public record OpenConnectRequest(String source, String destination, Qos qos, KeyStreamId ksid) {
  public OpenConnectRequest {
    checkText(source, "source");
    checkText(destination, "destination");
    Objects.requireNonNull(qos, "qos");
    Objects.requireNonNull(ksid, "ksid");
  }

  private static void checkText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.getBytes(StandardCharsets.UTF_8).length > 255 || value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(name + ": longer than 255 bytes or contains NUL");
    }
  }

  /** Throws IllegalArgumentException naming {@code name} unless {@code value} is an absolute URI. */
  static void requireAbsoluteUri(String value, String name) {
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
