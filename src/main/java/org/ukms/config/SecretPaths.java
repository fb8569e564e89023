package org.ukms.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Secret files under systemd credentials. The units load a folder as credentials
 * ({@code LoadCredential=ukms:/etc/ukms/keys}) and declare the same pair in
 * {@code UKMS_CREDENTIALS=ukms:/etc/ukms/keys}. A configured path {@code /etc/ukms/keys/NAME} then
 * reads {@code $CREDENTIALS_DIRECTORY/ukms_NAME}, the name systemd gives each file of a loaded
 * folder, so one configuration works both in the sandboxed service (which cannot read
 * {@code /etc/ukms/keys}) and in {@code ukms check} from a root shell (which reads it directly).
 * Without both variables, or for a path not directly in the folder, a path is used as written.
 */
final class SecretPaths {
  static final String VARIABLE = "UKMS_CREDENTIALS";
  private static final SecretPaths NONE = new SecretPaths(null, null, null);

  private final Path credentials;
  private final String id;
  private final Path folder;

  private SecretPaths(Path credentials, String id, Path folder) {
    this.credentials = credentials;
    this.id = id;
    this.folder = folder;
  }

  static SecretPaths from(Map<String, String> environment) {
    String directory = environment.get("CREDENTIALS_DIRECTORY");
    String declared = environment.get(VARIABLE);
    if (directory == null || directory.isBlank() || declared == null) {
      return NONE;
    }
    int colon = declared.indexOf(':');
    if (colon < 1 || !Path.of(declared.substring(colon + 1)).isAbsolute()) {
      return NONE;
    }
    return new SecretPaths(Path.of(directory), declared.substring(0, colon),
        Path.of(declared.substring(colon + 1)).normalize());
  }

  /**
   * Whether {@code resolved} is a credential. Credentials are exempt from the private-file check
   * ({@link SecretFiles}): they sit in the service's own read-only mount, and systemd grants the
   * service access by an ACL, which shows as group bits (0440).
   */
  boolean isCredential(Path resolved) {
    return credentials != null && resolved.startsWith(credentials);
  }

  /** The credential that stands for {@code configured}, or {@code configured} itself. */
  Path resolve(Path configured) {
    if (folder == null) {
      return configured;
    }
    Path normal = configured.normalize();
    if (!folder.equals(normal.getParent())) {
      return configured;
    }
    Path credential = credentials.resolve(id + "_" + normal.getFileName());
    return Files.exists(credential) ? credential : configured;
  }
}
