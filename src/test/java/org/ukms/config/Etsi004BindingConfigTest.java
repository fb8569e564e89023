package org.ukms.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code binding} in {@code [peers.<id>.etsi004]}: etsi-binary by default, rest, else an error. */
class Etsi004BindingConfigTest {
  @TempDir Path dir;

  @BeforeEach
  void key() throws Exception {
    Files.writeString(dir.resolve("pair.key"), "x");
    Files.setPosixFilePermissions(dir.resolve("pair.key"),
        PosixFilePermissions.fromString("rw-------"));
  }

  static String config(String bindingLine) {
    return Etsi004ConfigTest.config("key_source = \"etsi004\"",
        "[peers.bob.etsi004]\naddress = \"127.0.0.1:25576\"\n" + bindingLine);
  }

  @Test
  void binding_defaultsToEtsiBinary_andReadsRest() throws Exception {
    assertEquals(Etsi004Settings.Binding.ETSI_BINARY,
        ConfigText.load(dir, config("")).peers().get(0).v2().etsi004().binding());
    assertEquals(Etsi004Settings.Binding.REST, ConfigText.load(dir,
        config("binding = \"rest\"")).peers().get(0).v2().etsi004().binding());
    assertEquals(Etsi004Settings.Binding.ETSI_BINARY, ConfigText.load(dir,
        config("binding = \"etsi-binary\"")).peers().get(0).v2().etsi004().binding());
  }

  @Test
  void binding_unknownValue_isALocatedErrorListingTheChoices() {
    assertEquals(List.of("FILE:13:1: peers.bob.etsi004.binding: expected \"etsi-binary\" or "
            + "\"rest\" (the key manager's wire binding), found \"grpc\""),
        ConfigText.errors(dir, config("binding = \"grpc\"")));
  }
}
