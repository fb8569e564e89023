package org.ukms.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.ukms.config.AuthKeyHint;
import org.ukms.config.IoErrors;
import org.ukms.crypto.Secret;
import org.ukms.sim.LinkSecrets;
import org.ukms.sink.PrivateFiles;

/** Auth key files: 32 random bytes as Base64 on one line, 0600 in a 0700 folder. */
public final class AuthKeys {
  public static final int BYTES = 32;

  private AuthKeys() {}

  /**
   * Reads a key written by {@link #generate} (Base64 of at least 32 bytes). Only a missing file's
   * error suggests {@code ukms keygen}: a new key would be one the peer does not have.
   */
  public static Secret load(Path file) throws IOException {
    try {
      return LinkSecrets.load(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException(AuthKeyHint.missing(file));
    } catch (java.nio.file.AccessDeniedException e) {
      throw new IOException(AuthKeyHint.denied(file));
    } catch (java.nio.file.FileSystemException e) {
      throw new IOException("cannot read \"" + file + "\": " + IoErrors.cause(e));
    } catch (IOException e) {
      throw new IOException(AuthKeyHint.malformed(file)); // read, but not a key
    }
  }

  /**
   * Writes a fresh key to a new {@code file}, 0600 from its creation; anything already there
   * (even a dangling symbolic link) is refused and left alone, with no window between a check
   * and the creation.
   */
  public static void generate(Path file, SecureRandom random) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    PrivateFiles.ensureFolder(folder);
    byte[] raw = new byte[BYTES];
    random.nextBytes(raw);
    byte[] text = (Base64.getEncoder().encodeToString(raw) + "\n")
        .getBytes(StandardCharsets.US_ASCII);
    try {
      PrivateFiles.createNew(file, text);
    } catch (FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(file + " exists; remove it first to replace the key");
    } finally {
      Arrays.fill(raw, (byte) 0);
      Arrays.fill(text, (byte) 0);
    }
  }
}
