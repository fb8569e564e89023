package org.ukms.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only a missing auth key gets the {@code ukms keygen} hint: a new key is one the peer lacks. */
class AuthKeyHintTest {
  @TempDir Path dir;

  private String v2(String keyFile) {
    return ConfigLoaderTest.GOOD.replace("protocol = \"ukms-v1\"",
        "protocol = \"v2\"\nauth_key_file = \"" + keyFile + "\"");
  }

  @Test
  void load_missingAuthKey_suggestsKeygenOnOneNode() {
    assertEquals(List.of("FILE:8:1: peers.bob.auth_key_file: cannot read \""
            + dir.resolve("pair.key") + "\": no such file (create the pair's key with: ukms "
            + "keygen " + dir.resolve("pair.key") + ", on one node, then copy it to the other)"),
        ConfigText.errors(dir, v2("pair.key")));
  }

  @Test
  void load_unreadableAuthKey_asNonRoot_saysPermissionDeniedWithoutKeygen() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")), "root reads any file");
    Path key = Files.writeString(dir.resolve("pair.key"), "A".repeat(43) + "=\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("---------"));

    String error = ConfigText.errors(dir, v2("pair.key")).get(0);

    assertEquals("FILE:8:1: peers.bob.auth_key_file: cannot read \"" + key + "\": permission "
        + "denied for user " + System.getProperty("user.name") + " (give the user that runs ukms "
        + "read access, e.g. chown it; do not generate a new key: the peer holds this one)", error);
    assertFalse(error.contains("keygen"));
  }
}
