package org.ukms.kme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.ukms.config.TlsFiles;

/**
 * Loads the PEM files of {@link TlsFiles} into OkHttp's handshake certificates: trusted CAs (or
 * the platform's), and our client certificate chain with its PKCS#8 key for mutual TLS. Errors
 * name the file, never its content.
 */
public final class TlsMaterial {
  private static final Pattern CERTIFICATE = Pattern.compile(
      "-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", Pattern.DOTALL);
  private static final Pattern PRIVATE_KEY = Pattern.compile(
      "-----BEGIN PRIVATE KEY-----.+?-----END PRIVATE KEY-----", Pattern.DOTALL);

  private TlsMaterial() {}

  public static HandshakeCertificates load(TlsFiles files) throws IOException {
    HandshakeCertificates.Builder builder = new HandshakeCertificates.Builder();
    if (files.caCert() == null) {
      builder.addPlatformTrustedCertificates();
    } else {
      List<X509Certificate> cas = certificates(files.caCert());
      cas.forEach(builder::addTrustedCertificate);
    }
    if (files.cert() != null) {
      hold(builder, files.cert(), files.key());
    }
    return builder.build();
  }

  /**
   * A TLS server context that presents {@code cert} (PEM chain) with {@code key} (PKCS#8 PEM)
   * and trusts client certificates issued by the CAs in {@code clientCa}.
   */
  public static SSLContext serverContext(Path cert, Path key, Path clientCa) throws IOException {
    HandshakeCertificates.Builder builder = new HandshakeCertificates.Builder();
    hold(builder, cert, key);
    certificates(clientCa).forEach(builder::addTrustedCertificate);
    return builder.build().sslContext();
  }

  private static void hold(HandshakeCertificates.Builder builder, Path cert, Path keyFile)
      throws IOException {
    List<X509Certificate> chain = certificates(cert);
    String keyPem = Files.readString(keyFile);
    Matcher key = PRIVATE_KEY.matcher(keyPem);
    if (!key.find()) {
      throw new IOException(keyFile + ": no \"BEGIN PRIVATE KEY\" block "
          + "(convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt)");
    }
    HeldCertificate held;
    try {
      String leafPem = Certificates.certificatePem(chain.get(0));
      held = HeldCertificate.decode(leafPem + "\n" + key.group());
    } catch (IllegalArgumentException e) {
      throw new IOException(keyFile + ": the key is not a PKCS#8 RSA or EC key matching " + cert);
    }
    builder.heldCertificate(held, chain.subList(1, chain.size()).toArray(new X509Certificate[0]));
  }

  static List<X509Certificate> certificates(Path file) throws IOException {
    String pem = Files.readString(file);
    List<X509Certificate> out = new ArrayList<>();
    Matcher m = CERTIFICATE.matcher(pem);
    while (m.find()) {
      try {
        out.add(Certificates.decodeCertificatePem(m.group()));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": certificate " + (out.size() + 1) + " does not parse");
      }
    }
    if (out.isEmpty()) {
      throw new IOException(file + ": no \"BEGIN CERTIFICATE\" block");
    }
    return out;
  }
}
