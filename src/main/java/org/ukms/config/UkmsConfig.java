package org.ukms.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A whole, validated configuration file. {@code fakeQkd} is null unless the fake API is on;
 * {@code keyFolder} is null when {@code key_folder} is unset (every peer then has a WireGuard
 * table, so PSKs still go somewhere); {@code pskFileNames} names the files in it;
 * {@code adminListen} is where {@code /health}, {@code /metrics} and {@code /status} are served;
 * {@code locations} places errors found after loading; {@code skip} is null unless the file has a
 * {@code [skip]} table (this node is then a SKIP Key Provider).
 */
public record UkmsConfig(
    Path source,
    Path keyFolder,
    PskFileNames pskFileNames,
    String bind,
    int port,
    FakeQkdConfig fakeQkd,
    Path stateDir,
    AdminListen adminListen,
    List<PeerConfig> peers,
    KeyLocations locations,
    SkipSettings skip) {
  public UkmsConfig {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(pskFileNames, "pskFileNames");
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(adminListen, "adminListen");
    Objects.requireNonNull(locations, "locations");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range");
    }
    peers = List.copyOf(peers);
  }

  public boolean fakeQkdApi() {
    return fakeQkd != null;
  }

  public UkmsConfig withFakeQkd(FakeQkdConfig fake) {
    return new UkmsConfig(
        source, keyFolder, pskFileNames, bind, port, fake, stateDir, adminListen, peers, locations, skip);
  }

  public UkmsConfig withPort(int newPort) {
    return new UkmsConfig(
        source, keyFolder, pskFileNames, bind, newPort, fakeQkd, stateDir, adminListen, peers, locations, skip);
  }

  public UkmsConfig mapPeers(UnaryOperator<PeerConfig> change) {
    return new UkmsConfig(
        source, keyFolder, pskFileNames, bind, port, fakeQkd, stateDir, adminListen,
        peers.stream().map(change).toList(), locations, skip);
  }

  public UkmsConfig withAdminListen(AdminListen admin) {
    return new UkmsConfig(
        source, keyFolder, pskFileNames, bind, port, fakeQkd, stateDir, admin, peers, locations, skip);
  }

  /** An error about {@code key} (its table path), located in {@link #source}. */
  public ConfigError error(List<String> key, String message) {
    return locations.error(key, message);
  }
}
