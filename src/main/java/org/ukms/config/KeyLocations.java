package org.ukms.config;

import java.util.List;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;

/**
 * Where the keys of a loaded file stand, so that checks made after loading (the files a key
 * names, which {@code ukms check} and {@code ukms run} both inspect before starting) report
 * {@code FILE:LINE:COLUMN: key: problem} like the loader does.
 */
public final class KeyLocations {
  private final String file;
  private final TomlParseResult root;

  KeyLocations(String file, TomlParseResult root) {
    this.file = file;
    this.root = root;
  }

  /**
   * An error about {@code key}, given as its table path ({@code "peers", "bob", "auth_key_file"}):
   * located at the key, or for a key the file leaves out (a default) at the nearest table that
   * is written, else at 1:1.
   */
  public ConfigError error(List<String> key, String message) {
    TomlPosition at = null;
    for (int n = key.size(); n > 0 && at == null; n--) {
      at = root.inputPositionOf(key.subList(0, n));
    }
    if (at == null) {
      at = TomlPosition.positionAt(1, 1);
    }
    return new ConfigError(file, at.line(), at.column(), TableReader.dotted(key), message);
  }

  @Override
  public String toString() {
    return "KeyLocations[" + file + "]";
  }
}
