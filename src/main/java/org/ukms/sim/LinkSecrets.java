package org.ukms.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.ukms.crypto.Secret;

/**
 * Link secret files: standard Base64 of at least 32 random bytes, on one line. Both ends of a
 * simulated link read the same secret. Create one with {@code head -c 32 /dev/urandom | base64}.
 */
public final class LinkSecrets {
  public static final int MIN_BYTES = 32;

  private LinkSecrets() {}

  public static Secret load(Path file) throws IOException {
    byte[] text = Files.readAllBytes(file);
    byte[] raw = null;
    try {
      String trimmed = new String(text, StandardCharsets.US_ASCII).strip();
      raw = Base64.getDecoder().decode(trimmed);
      if (raw.length < MIN_BYTES) {
        throw new IOException(file + ": the key holds " + raw.length + " bytes, needs at "
            + "least " + MIN_BYTES + " (head -c 32 /dev/urandom | base64 > " + file + ")");
      }
      return Secret.copyOf(raw);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": not Base64 (head -c 32 /dev/urandom | base64 > " + file
          + ")");
    } finally {
      Arrays.fill(text, (byte) 0);
      if (raw != null) {
        Arrays.fill(raw, (byte) 0);
      }
    }
  }
}
