package org.ukms.daemon;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ukms.config.ConfigError;
import org.ukms.config.ConfigException;
import org.ukms.config.IoErrors;
import org.ukms.config.PeerConfig;
import org.ukms.config.Protocol;
import org.ukms.config.UkmsConfig;
import org.ukms.sink.ChainStateFile;
import org.ukms.sink.PrivateFiles;
import org.ukms.sink.UnsafeFileException;

/**
 * The files ukms keeps for itself, checked before it starts, the same way by {@code ukms check}
 * and {@code ukms run}: {@code key_folder} and {@code state_dir} must not be writable by group or
 * others, and the PSK and chain-state files already in them must be owned by this user and
 * private. Each problem is a configuration error at the key that names the folder. Missing
 * folders and files are fine: ukms creates them 0700 and 0600 (a missing state file means epoch
 * 0).
 */
final class LocalFiles {
  private LocalFiles() {}

  /** Throws every problem at once. */
  static void require(UkmsConfig config) throws ConfigException {
    List<ConfigError> problems = problems(config);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  static List<ConfigError> problems(UkmsConfig config) {
    List<ConfigError> errors = new ArrayList<>();
    if (config.keyFolder() != null) {
      check(config, "key_folder", config.keyFolder(), true, errors);
      for (PeerConfig peer : config.peers()) {
        check(config, "key_folder", Daemon.pskFile(config, peer), false, errors);
      }
    }
    List<PeerConfig> v2 = config.peers().stream().filter(p -> p.protocol() == Protocol.V2)
        .toList();
    if (!v2.isEmpty()) {
      check(config, "state_dir", config.stateDir(), true, errors);
      for (PeerConfig peer : v2) {
        check(config, "state_dir", new ChainStateFile(config.stateDir(), peer.alias()).path(),
            false, errors);
      }
    }
    return errors;
  }

  private static void check(UkmsConfig config, String key, Path path, boolean folder,
      List<ConfigError> errors) {
    try {
      if (folder) {
        PrivateFiles.requireSafeFolder(path);
      } else {
        PrivateFiles.requirePrivateFile(path);
      }
    } catch (NoSuchFileException e) {
      // Created private when first needed.
    } catch (FileSystemException e) {
      if (!"Not a directory".equals(e.getReason())) { // else Folders says which file is in the way
        errors.add(config.error(List.of(key), "cannot inspect \"" + path + "\": "
            + IoErrors.cause(e)));
      }
    } catch (IOException e) {
      String message = e instanceof UnsafeFileException ? e.getMessage()
          : "cannot inspect \"" + path + "\": " + IoErrors.cause(e);
      errors.add(config.error(List.of(key), message));
    }
  }
}
