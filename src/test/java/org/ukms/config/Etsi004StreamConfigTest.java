package org.ukms.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code binding} (etsi-binary by default, rest, else an error) and {@code ksid} (a KSID fixed
 * in config, use case 3, OC-09) in {@code [peers.<id>.etsi004]}.
 */
class Etsi004StreamConfigTest {
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

  @Test
  void e004Oc09_aFixedKsid_isRead_andWithoutOneStreamsAreAgreedOverThePeerChannel()
      throws Exception {
    UkmsConfig fixed = ConfigText.load(dir,
        config("ksid = \"7FB22ED2-D3F4-4EBA-AF85-F54046D5216E\""));
    UkmsConfig agreed = ConfigText.load(dir, config(""));

    assertEquals(UUID.fromString("7fb22ed2-d3f4-4eba-af85-f54046d5216e"),
        fixed.peers().get(0).v2().etsi004().ksid());
    assertNull(agreed.peers().get(0).v2().etsi004().ksid());
  }

  @Test
  void aKsidThatIsNoUuid_orTheNullKsid_isALocatedError() {
    assertEquals(List.of("FILE:13:1: peers.bob.etsi004.ksid: expected a UUID such as "
            + "\"123e4567-e89b-12d3-a456-426614174000\", found \"7fb22ed2-d3f4-4eba-af85\""),
        ConfigText.errors(dir, config("ksid = \"7fb22ed2-d3f4-4eba-af85\"")));
    assertEquals(List.of("FILE:13:1: peers.bob.etsi004.ksid: the all-zero (NULL) KSID asks the "
            + "key manager for a new stream; remove ksid to agree streams over the peer channel "
            + "instead"),
        ConfigText.errors(dir, config("ksid = \"00000000-0000-0000-0000-000000000000\"")));
    assertEquals(1, ConfigText.errors(dir, config("ksid = 42")).size(), "a number is no UUID");
  }
}
