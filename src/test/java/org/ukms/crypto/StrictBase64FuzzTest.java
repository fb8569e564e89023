package org.ukms.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Fuzz (docs/fuzzing.md): {@link StrictBase64} round-trips any bytes, accepts a text exactly when
 * it is the one canonical encoding of its bytes, and throws nothing.
 */
class StrictBase64FuzzTest {
  @FuzzTest
  void encodeThenDecode_anyBytes_roundTrips(byte[] raw) {
    byte[] ascii = StrictBase64.encodeSecret(Secret.copyOf(raw)).reveal();
    String text = new String(ascii, StandardCharsets.US_ASCII);

    assertEquals(StrictBase64.encode(raw), text);
    assertArrayEquals(raw, StrictBase64.decodeSecret(text).orElseThrow().reveal());
  }

  /** Input: any bytes as Latin-1 text, decoded from the middle of a larger buffer. */
  @FuzzTest
  void decode_anyText_acceptsOnlyTheCanonicalEncoding(byte[] input) {
    String text = new String(input, StandardCharsets.ISO_8859_1);
    char[] buffer = ("A=" + text + "=A").toCharArray();

    Optional<Secret> got = StrictBase64.decodeSecret(buffer, 2, text.length());

    Optional<byte[]> expected = canonicalDecoding(text);
    assertEquals(expected.isPresent(), got.isPresent(), () -> "accepted? " + text);
    expected.ifPresent(bytes -> assertArrayEquals(bytes, got.orElseThrow().reveal()));
  }

  /** Every lenient variant of a canonical text (what other decoders accept) is refused. */
  @FuzzTest
  void decode_lenientVariantsOfAnyBytes_areRefused(byte[] raw) {
    String canonical = StrictBase64.encode(raw);
    List<String> variants = new java.util.ArrayList<>();
    variants.add(canonical + "\n");
    variants.add(" " + canonical);
    variants.add(canonical + "====");
    if (canonical.length() > 4) {
      variants.add(canonical.substring(0, 4) + "\r\n" + canonical.substring(4));
    }
    String unpadded = canonical.replace("=", "");
    if (!unpadded.equals(canonical)) {
      variants.add(unpadded);
    }
    String urlSafe = canonical.replace('+', '-').replace('/', '_');
    if (!urlSafe.equals(canonical)) {
      variants.add(urlSafe);
    }
    int pad = canonical.length() - unpadded.length();
    if (pad > 0) {
      // Set an unused low bit of the last data character: same bytes, non-canonical text.
      int last = unpadded.length() - 1;
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      int value = alphabet.indexOf(unpadded.charAt(last)) | 1;
      variants.add(unpadded.substring(0, last) + alphabet.charAt(value) + "=".repeat(pad));
    }

    for (String variant : variants) {
      assertFalse(StrictBase64.decodeSecret(variant).isPresent(), variant);
    }
  }

  /** The reference: the JDK's decoding, kept only if re-encoding gives back the same text. */
  private static Optional<byte[]> canonicalDecoding(String text) {
    try {
      byte[] bytes = Base64.getDecoder().decode(text);
      return Base64.getEncoder().encodeToString(bytes).equals(text)
          ? Optional.of(bytes) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
