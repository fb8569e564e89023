package org.ukms.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/** Throwaway certificate authorities and certificates, generated per test. */
public final class TestPki {
  public final HeldCertificate ca;

  public TestPki(String name) {
    ca = new HeldCertificate.Builder().certificateAuthority(0).commonName(name + " CA")
        .ecdsa256().build();
  }

  public HeldCertificate issue(String commonName, String... sans) {
    HeldCertificate.Builder b = new HeldCertificate.Builder().signedBy(ca).commonName(commonName)
        .ecdsa256();
    for (String san : sans) {
      b.addSubjectAlternativeName(san);
    }
    return b.build();
  }

  /** Server side: present {@code server}, trust clients issued by {@code clients}. */
  public static HandshakeCertificates server(HeldCertificate server, TestPki clients) {
    return new HandshakeCertificates.Builder().heldCertificate(server)
        .addTrustedCertificate(clients.ca.certificate()).build();
  }

  public Path writeCa(Path dir) {
    return write(dir.resolve("ca-" + System.nanoTime() + ".pem"), ca.certificatePem());
  }

  public static Path writeCert(Path dir, HeldCertificate c) {
    return write(dir.resolve("cert-" + System.nanoTime() + ".pem"), c.certificatePem());
  }

  /** The private key, 0600 as ukms requires of secret files. */
  public static Path writeKey(Path dir, HeldCertificate c) {
    Path key = write(dir.resolve("key-" + System.nanoTime() + ".pem"), c.privateKeyPkcs8Pem());
    try {
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return key;
  }

  private static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
