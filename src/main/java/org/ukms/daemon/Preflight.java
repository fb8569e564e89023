package org.ukms.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.ukms.config.AdminListen;
import org.ukms.config.ConfigError;
import org.ukms.config.ConfigException;
import org.ukms.config.PeerConfig;
import org.ukms.config.Protocol;
import org.ukms.config.UkmsConfig;
import org.ukms.sim.LinkSecrets;

/**
 * The checks between loading a configuration and using it, each error located in the file at
 * the key it is about: the KME settings build, the link secret and auth keys read, the files ukms
 * keeps are private ({@link LocalFiles}), the folders it writes to are writable by this user
 * ({@link Folders}), and {@code wg} is there for peers with a WireGuard table. {@code ukms run}
 * and a reload run {@link #check(UkmsConfig, String)}; {@code ukms check} runs
 * {@link #checkAll}, which also asks {@code wg} whether each interface exists.
 */
public final class Preflight {
  private Preflight() {}

  /** {@link #check(UkmsConfig, String)} with {@code wg} found on PATH. */
  public static void check(UkmsConfig config) throws ConfigException {
    check(config, "wg");
  }

  /**
   * What {@code ukms run} checks before it starts, and a reload before it applies a file:
   * everything but the WireGuard interfaces, which may come up after ukms (a failed
   * {@code wg set} is retried with backoff).
   */
  public static void check(UkmsConfig config, String wg) throws ConfigException {
    throwIfAny(problems(config, wg, Folders.ofThisUser()));
  }

  /**
   * What {@code ukms check} checks: {@link #check(UkmsConfig, String)}, plus that each WireGuard
   * interface exists ({@code wg show IFACE public-key}).
   */
  public static void checkAll(UkmsConfig config, String wg) throws ConfigException {
    List<ConfigError> errors = problems(config, wg, Folders.ofThisUser());
    if (found(wg)) { // else every WireGuard table already has its "wg is not on PATH"
      errors.addAll(interfaces(config, WireGuardInterfaces.of(wg)));
    }
    throwIfAny(errors);
  }

  static List<ConfigError> problems(UkmsConfig config, String wg, Folders folders) {
    List<ConfigError> errors = new ArrayList<>();
    OkHttpClient http = new OkHttpClient.Builder().build();
    for (PeerConfig peer : config.peers()) {
      try {
        PeerSessions.kme(config, peer, http, new ObjectMapper());
      } catch (ConfigException e) {
        errors.addAll(e.errors());
      }
      if (peer.v2() != null && peer.v2().etsi004() != null) {
        try {
          PeerSessions.etsi004Tls(config, peer);
        } catch (ConfigException e) {
          errors.addAll(e.errors());
        }
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
    errors.addAll(SkipService.pskProblems(config));
    errors.addAll(folders(config, folders));
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
    return errors;
  }

  /**
   * {@code key_folder}, {@code state_dir} (with v2 peers, or when it holds the admin socket) and
   * the admin socket's folder: each exists and is writable, or can be created.
   */
  static List<ConfigError> folders(UkmsConfig config, Folders folders) {
    List<ConfigError> errors = new ArrayList<>();
    if (config.keyFolder() != null) {
      folders.problem(config.keyFolder())
          .ifPresent(p -> errors.add(config.error(List.of("key_folder"), p)));
    }
    AdminListen admin = config.adminListen();
    boolean defaultAdmin = admin.equals(AdminListen.defaultFor(config.stateDir()));
    boolean v2 = config.peers().stream().anyMatch(p -> p.protocol() == Protocol.V2);
    if (v2 || defaultAdmin) {
      folders.problem(config.stateDir())
          .ifPresent(p -> errors.add(config.error(List.of("state_dir"), p)));
    }
    if (admin.unix() && !defaultAdmin) {
      Path folder = admin.socket().toAbsolutePath().getParent();
      if (folder != null && !(v2 && folder.equals(config.stateDir().toAbsolutePath()))) {
        folders.problem(folder).ifPresent(p -> errors.add(config.error(List.of("admin_listen"),
            "the socket's folder: " + p)));
      }
    }
    return errors;
  }

  /** Each WireGuard interface, asked once; an error at every peer that names a missing one. */
  static List<ConfigError> interfaces(UkmsConfig config, WireGuardInterfaces wg) {
    List<ConfigError> errors = new ArrayList<>();
    Map<String, Optional<String>> asked = new HashMap<>();
    for (PeerConfig peer : config.peers()) {
      if (peer.outputs().wireguard() == null) {
        continue;
      }
      String name = peer.outputs().wireguard().interfaceName();
      asked.computeIfAbsent(name, wg::problem).ifPresent(p -> errors.add(config.error(
          List.of("peers", peer.id(), "wireguard", "interface"), p)));
    }
    return errors;
  }

  private static void throwIfAny(List<ConfigError> errors) throws ConfigException {
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
