package org.ukms.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz (docs/fuzzing.md): {@link ConfigLoader} on any file content. It returns a configuration
 * or throws {@link ConfigException} and nothing else, and every error is one line located in the
 * file: {@code FILE:LINE:COLUMN: }, with LINE and COLUMN at least 1 and LINE inside the file. The
 * folder holds {@code auth.key} and {@code link.secret}, so seeds can name readable files.
 */
class ConfigLoaderFuzzTest {
  @TempDir Path dir;
  private Path file;
  private Pattern located;

  @BeforeEach
  void files() throws IOException {
    file = dir.resolve("c.toml");
    located = Pattern.compile(Pattern.quote(file.toString()) + ":([0-9]+):([0-9]+): .*");
    Files.writeString(dir.resolve("auth.key"), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
    Files.writeString(dir.resolve("link.secret"), "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=\n");
  }

  @FuzzTest
  @DictionaryEntries({"key_rotation_seconds", "key_folder", "ukms_bind", "ukms_port",
      "enable_fake_qkd_api", "peer_timeout_seconds", "state_dir", "[peers.", "etsi_url",
      "ukms_url", "alias", "source_KME_ID", "master_SAE_ID", "slave_SAE_ID", "protocol",
      "\"ukms-v1\"", "\"v2\"", "auth_key_file", "\"auth.key\"", "mode", "\"pqc\"", "\"hybrid\"",
      "psk_lifetime_seconds", "on_expiry", "\"keep\"", "auth_window_seconds", "on_rotate",
      "on_rotate_timeout_seconds", ".wireguard]", "interface", "public_key", "etsi_method",
      "etsi_cacert", "etsi_cert", "etsi_key", "etsi_kme_id", "etsi_kme_id_field",
      "etsi_allow_http", "etsi_connect_timeout_seconds", "etsi_read_timeout_seconds",
      "fake_qkd_mode", "\"link\"", "fake_qkd_link_secret_file", "\"link.secret\"",
      "fake_qkd_key_size", "fake_qkd_rate", "fake_qkd_drop_ratio", "fake_qkd_latency_ms",
      "\"http://127.0.0.1:8101\"", "\"https://[::1]:8443/\"", "9223372036854775807",
      "-9223372036854775808", "\\u0000", "\\n", "\"\"\"", "'''", "true", "1.5e3", "nan", "inf",
      "1979-05-27T07:32:00Z"})
  void load_anyText_isAConfigOrLocatedErrors(byte[] text) throws IOException {
    Files.write(file, text);
    long lines = 1;
    for (byte b : text) {
      lines += b == '\n' ? 1 : 0;
    }

    try {
      assertNotNull(ConfigLoader.load(file, dir));
    } catch (ConfigException e) {
      assertFalse(e.errors().isEmpty());
      String[] messageLines = e.getMessage().split("\n", -1);
      assertEquals(e.errors().size(), messageLines.length, () -> "one line per error:\n" + e);
      for (int i = 0; i < messageLines.length; i++) {
        String line = messageLines[i];
        var m = located.matcher(line);
        assertTrue(m.matches(), () -> "not located: " + line);
        long at = Long.parseLong(m.group(1));
        assertTrue(at >= 1 && at <= lines && Long.parseLong(m.group(2)) >= 1,
            () -> "outside the file (" + text.length + " bytes): " + line);
        assertEquals(e.errors().get(i).toString(), line);
      }
    }
  }
}
