package org.ukms.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ukms.config.ConfigError;
import org.ukms.config.ConfigException;
import org.ukms.config.PeerConfig;
import org.ukms.config.Protocol;
import org.ukms.config.UkmsConfig;
import org.ukms.sim.LinkSecrets;

/**
 * What {@code ukms check} runs and {@code ukms run} runs first: every check of the files and
 * programs a configuration needs, short of binding the port, each error located in the file.
 */
public final class Preflight {
  private Preflight() {}

  public static void check(UkmsConfig config) throws ConfigException {
    check(config, "wg");
  }

  /** As {@link #check(UkmsConfig)}, with {@code wg} the program that applies PSKs. */
  static void check(UkmsConfig config, String wg) throws ConfigException {
    List<ConfigError> errors = new ArrayList<>();
    OkHttpClient http = new OkHttpClient.Builder().build();
    for (PeerConfig peer : config.peers()) {
      try {
        PeerSessions.kme(config, peer, http, new ObjectMapper());
      } catch (ConfigException e) {
        errors.addAll(e.errors());
      }
    }
    if (config.fakeQkdApi() && config.fakeQkd().linkSecretFile() != null) {
      try {
        LinkSecrets.load(config.fakeQkd().linkSecretFile()).destroy();
      } catch (IOException e) {
        errors.add(config.error(List.of("fake_qkd_link_secret_file"), e.getMessage()));
      }
    }
    errors.addAll(LocalFiles.problems(config));
    boolean wgMissing = config.peers().stream().anyMatch(p -> p.outputs().wireguard() != null)
        && !found(wg);
    for (PeerConfig peer : config.peers()) {
      if (wgMissing && peer.outputs().wireguard() != null) {
        errors.add(config.error(List.of("peers", peer.id(), "wireguard"), "wg is not on PATH, "
            + "so the PSK cannot be applied (apt-get install wireguard-tools)"));
      }
      if (peer.protocol() == Protocol.V2) {
        try {
          AuthKeys.load(peer.v2().authKeyFile()).destroy();
        } catch (IOException e) {
          errors.add(config.error(List.of("peers", peer.id(), "auth_key_file"),
              e.getMessage()));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
  }

  /** Whether {@code program} (a path, or a name looked up in PATH) is an executable file. */
  private static boolean found(String program) {
    if (program.contains("/")) {
      return Files.isRegularFile(Path.of(program)) && Files.isExecutable(Path.of(program));
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String folder : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(folder.isEmpty() ? "." : folder, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return true;
      }
    }
    return false;
  }
}
