package org.ukms.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.ukms.config.PeerConfig;
import org.ukms.config.Protocol;
import org.ukms.config.UkmsConfig;

/**
 * The start line: where the daemon listens, its version, and per peer count its protocols, modes
 * and key sources, so an operator sees at a glance what runs. Never a key, a path to one, or an ID
 * beyond the counts.
 */
final class Banner {
  private Banner() {}

  /** The build's version, e.g. {@code 0.1.0}, or {@code unknown}. */
  static String version() {
    Properties p = new Properties();
    try (InputStream in = Banner.class.getResourceAsStream("/ukms-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // the version is informative only
    }
    return p.getProperty("version", "unknown");
  }

  static String line(UkmsConfig config, int port) {
    Map<String, Integer> protocols = new TreeMap<>();
    Map<String, Integer> modes = new TreeMap<>();
    Map<String, Integer> sources = new TreeMap<>();
    for (PeerConfig peer : config.peers()) {
      boolean v2 = peer.protocol() == Protocol.V2;
      protocols.merge(v2 ? "v2" : "ukms-v1", 1, Integer::sum);
      modes.merge(v2 ? peer.v2().mode().wireName() : "v1", 1, Integer::sum);
      sources.merge(peer.keySourceName(), 1, Integer::sum);
    }
    return "listening on " + config.bind() + ":" + port + " peers=" + config.peers().size()
        + " version=" + version() + " protocols=" + counts(protocols) + " modes="
        + counts(modes) + " key_sources=" + counts(sources)
        + (config.fakeQkdApi() ? " fake_qkd=on" : "");
  }

  private static String counts(Map<String, Integer> m) {
    StringBuilder b = new StringBuilder();
    m.forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append(':').append(v));
    return b.length() == 0 ? "-" : b.toString();
  }
}
