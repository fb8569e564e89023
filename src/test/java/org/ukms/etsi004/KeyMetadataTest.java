package org.ukms.etsi004;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class KeyMetadataTest {
  @Test
  void e004Gk06_ageAndHops_parsedWhenPresent() {
    assertEquals(new KeyMetadata(OptionalLong.of(1200), OptionalLong.of(0)),
        KeyMetadata.parse(Metadata.utf8("{\"age\":1200,\"extra\":{\"a\":[1]},\"hops\":0}")));
    assertEquals(new KeyMetadata(OptionalLong.empty(), OptionalLong.of(2)),
        KeyMetadata.parse(Metadata.utf8("{\"hops\":2}")));
  }

  @Test
  void e004Gk06_unexpectedMetadata_ignoredSafely() {
    for (String junk : new String[] {"", "not json", "[1,2]", "{\"age\":-1}", "{\"age\":\"old\"}",
        "{\"age\":1e3}", "{\"age\":99999999999999999999999}", "{\"age\":"}) {
      KeyMetadata m = KeyMetadata.parse(Metadata.utf8(junk));
      assertEquals(OptionalLong.empty(), m.ageMs(), junk);
    }
    assertEquals(KeyMetadata.NONE, KeyMetadata.parse(Metadata.of(new byte[] {(byte) 0xff, 0})));
  }
}
