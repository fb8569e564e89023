package org.ukms.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;

/** What the OpenSSL interop tests share: finding the binary, a TLS 1.3 SHA-384 PSK session. */
public final class OpenSsl {
  private OpenSsl() {}

  /**
   * A PEM "SSL SESSION PARAMETERS" file: TLS 1.3, cipher 0x1302, empty session id, the PSK as
   * master key, created now with a two-hour timeout (OpenSSL's default would be 3 s).
   */
  public static Path session(Path dir, String pskHex) throws IOException {
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new ASN1Integer(1)); // SSL_SESSION_ASN1_VERSION
    v.add(new ASN1Integer(0x0304)); // TLS 1.3
    v.add(new DEROctetString(new byte[] {0x13, 0x02})); // TLS_AES_256_GCM_SHA384
    v.add(new DEROctetString(new byte[0])); // session id
    v.add(new DEROctetString(HexFormat.of().parseHex(pskHex))); // master key = the PSK
    v.add(new DERTaggedObject(true, 1, new ASN1Integer(System.currentTimeMillis() / 1000)));
    v.add(new DERTaggedObject(true, 2, new ASN1Integer(7200)));
    byte[] der = new DERSequence(v).getEncoded("DER");
    String pem = "-----BEGIN SSL SESSION PARAMETERS-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END SSL SESSION PARAMETERS-----\n";
    Path file = dir.resolve("psk-session.pem");
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  public static boolean onPath(String program) {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(folder.isEmpty() ? "." : folder, program))) {
        return true;
      }
    }
    return false;
  }

  /** What {@code openssl s_client} did: its exit code and its stdout and stderr together. */
  public record Result(int code, String output) {}

  /**
   * Runs {@code openssl s_client -connect 127.0.0.1:PORT -ign_eof -no_ticket ARGS}, writes
   * {@code request} to its stdin and waits (at most 20 s) for it to end.
   */
  public static Result sClient(int port, String request, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect",
        "127.0.0.1:" + port, "-ign_eof", "-no_ticket"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(request.getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      // s_client gave up before reading its input (a refused handshake)
    }
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("openssl s_client still running after 20 s: " + command);
    }
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8));
  }
}
