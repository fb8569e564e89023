package org.ukms.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ukms.daemon.AuthKeys;
import org.ukms.testing.FreePorts;
import org.ukms.testing.TestPki;
import org.ukms.testing.UkmsProcess;

/**
 * Issue 10's acceptance for ETSI 004 with processes only: two {@code ukms run} daemons whose QKD
 * devices are two {@code ukms kme --api 004} processes (one link secret) over mutual TLS hold
 * the same PSK at every epoch through five rotations, once per binding: the ETSI reference
 * binary binding over TLS, and the qkd-module REST binding over HTTPS with client certificates.
 */
class Etsi004ProcessesE2eIT {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"etsi-binary", "rest"})
  void twoDaemons_onTwoKme004Processes_overMutualTls_agreeThroughFiveRotations(String binding)
      throws Exception {
    Path secret = Files.writeString(dir.resolve("link.secret"),
        Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)) + "\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    AuthKeys.generate(dir.resolve("pair.key"), new SecureRandom());
    TestPki kmPki = new TestPki("km");
    TestPki appPki = new TestPki("apps");
    HeldCertificate kmCert = kmPki.issue("km", "127.0.0.1");
    HeldCertificate app = appPki.issue("ukms");
    Path kmCertFile = TestPki.writeCert(dir, kmCert);
    Path kmKeyFile = TestPki.writeKey(dir, kmCert);
    Path appCa = appPki.writeCa(dir);
    Path kmCa = kmPki.writeCa(dir);
    Path appCert = TestPki.writeCert(dir, app);
    Path appKey = TestPki.writeKey(dir, app);
    int kmA = FreePorts.next();
    int kmB = FreePorts.next();
    int portA = FreePorts.next();
    int portB = FreePorts.next();
    node("alice", "bob", portA, portB, kmA, kmCa, appCert, appKey, binding);
    node("bob", "alice", portB, portA, kmB, kmCa, appCert, appKey, binding);
    BlockingQueue<String> kmEvents = new LinkedBlockingQueue<>();
    BlockingQueue<String> aliceEvents = new LinkedBlockingQueue<>();
    BlockingQueue<String> bobEvents = new LinkedBlockingQueue<>();
    try (UkmsProcess a = kme("km-a", kmA, secret, kmCertFile, kmKeyFile, appCa, kmEvents,
            binding);
        UkmsProcess b = kme("km-b", kmB, secret, kmCertFile, kmKeyFile, appCa, kmEvents,
            binding)) {
      UkmsProcess.await(kmEvents, "(" + binding + ", mutual TLS)", 30);
      UkmsProcess.await(kmEvents, "(" + binding + ", mutual TLS)", 30);
      try (UkmsProcess alice = UkmsProcess.start("alice", dir, aliceEvents, "run", "--config",
              dir.resolve("alice.toml").toString());
          UkmsProcess bob = UkmsProcess.start("bob", dir, bobEvents, "run", "--config",
              dir.resolve("bob.toml").toString())) {
        for (int epoch = 1; epoch <= 5; epoch++) {
          String x = UkmsProcess.await(aliceEvents, "epoch=" + epoch + " mode=qkd", 60);
          String y = UkmsProcess.await(bobEvents, "epoch=" + epoch + " mode=qkd", 60);
          assertEquals(fingerprint(x), fingerprint(y), "epoch " + epoch + ": " + x + " / " + y);
        }
        assertEquals(0, alice.terminate(10));
        assertEquals(0, bob.terminate(10));
      }
      assertEquals(0, a.terminate(10));
      assertEquals(0, b.terminate(10));
    }
  }

  UkmsProcess kme(String name, int port, Path secret, Path cert, Path key, Path clientCa,
      BlockingQueue<String> events, String binding) throws Exception {
    return UkmsProcess.start(name, dir, events, "kme", "--api", "004", "--binding", binding,
        "--listen", "127.0.0.1:" + port, "--kme-id", name, "--link-secret-file", secret.toString(),
        "--tls-cert", cert.toString(), "--tls-key", key.toString(), "--tls-client-ca",
        clientCa.toString());
  }

  void node(String me, String peer, int port, int peerPort, int km, Path kmCa, Path cert,
      Path key, String binding) throws Exception {
    Files.writeString(dir.resolve(me + ".toml"), String.join("\n",
        "key_rotation_seconds = 2", "key_folder = \"psk/" + me + "\"",
        "state_dir = \"state/" + me + "\"", "ukms_bind = \"127.0.0.1\"", "ukms_port = " + port,
        "[peers." + peer + "]", "key_source = \"etsi004\"", "mode = \"qkd\"",
        "auth_key_file = \"" + dir.resolve("pair.key") + "\"",
        "ukms_url = \"http://127.0.0.1:" + peerPort + "\"", "alias = \"" + peer + "\"",
        "source_KME_ID = \"" + me + "\"", "slave_SAE_ID = \"" + peer + "\"",
        "[peers." + peer + ".etsi004]", "address = \"127.0.0.1:" + km + "\"",
        "binding = \"" + binding + "\"",
        "tls_cacert = \"" + kmCa + "\"", "tls_cert = \"" + cert + "\"",
        "tls_key = \"" + key + "\"", ""));
  }

  static String fingerprint(String line) {
    return line.replaceAll(".*psk_fingerprint=(\\S+).*", "$1");
  }
}
