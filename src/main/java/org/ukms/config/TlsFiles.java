package org.ukms.config;

import java.nio.file.Path;

/**
 * PEM files for mutual TLS to a KME. {@code caCert} may be null (the JDK's trust store is used);
 * {@code cert} and {@code key} are both set or both null.
 */
public record TlsFiles(Path caCert, Path cert, Path key) {
  public TlsFiles {
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException("cert and key go together");
    }
  }

  public boolean isEmpty() {
    return caCert == null && cert == null;
  }
}
