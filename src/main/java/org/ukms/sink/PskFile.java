package org.ukms.sink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.ukms.config.PskFileNames;
import org.ukms.crypto.Secret;
import org.ukms.crypto.StrictBase64;

/**
 * Writes a PSK to {@code <key_folder>/<alias>.key} (or uKMS's {@code wg2-<alias>.key}, see
 * {@link PskFileNames}) as {@code wg genpsk} prints one: 44 Base64
 * characters and a newline, through {@link PrivateFiles#replace}.
 */
public final class PskFile implements PskSink {
  private final Path file;

  public PskFile(Path keyFolder, String alias) {
    this(keyFolder, PskFileNames.UKMS, alias);
  }

  public PskFile(Path keyFolder, PskFileNames names, String alias) {
    this.file = keyFolder.resolve(names.fileName(alias));
  }

  public Path path() {
    return file;
  }

  @Override
  public void install(Secret psk) throws SinkException {
    byte[] content = PrivateFiles.base64Line(psk);
    try {
      PrivateFiles.ensureFolder(file.getParent());
      PrivateFiles.replace(file, content);
    } catch (IOException e) {
      throw new SinkException("cannot write " + file + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  /**
   * The PSK the file holds, or empty if it is missing or is not one PSK line (44 Base64
   * characters for 32 bytes, with or without a newline).
   */
  public Optional<Secret> load() {
    char[] text;
    try {
      text = PrivateFiles.readChars(file);
    } catch (IOException e) {
      return Optional.empty();
    }
    int length = text.length > 0 && text[text.length - 1] == '\n' ? text.length - 1 : text.length;
    try {
      Optional<Secret> psk = StrictBase64.decodeSecret(text, 0, length);
      if (psk.isPresent() && psk.get().length() != 32) {
        psk.get().destroy();
        return Optional.empty();
      }
      return psk;
    } finally {
      Arrays.fill(text, '\0');
    }
  }

  @Override
  public String toString() {
    return "PskFile[" + file + "]";
  }
}
