package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.ukms.config.TlsFiles;
import org.ukms.crypto.Secret;
import org.ukms.etsi004.BinaryCodec;
import org.ukms.etsi004.DeliveredKey;
import org.ukms.etsi004.Etsi004Client;
import org.ukms.etsi004.Etsi004Exception;
import org.ukms.etsi004.KeyStream;
import org.ukms.etsi004.KeyStreamId;
import org.ukms.etsi004.OpenConnectRequest;
import org.ukms.etsi004.Qos;
import org.ukms.etsi004.SocketTransport;
import org.ukms.etsi004.Status;
import org.ukms.kme.TlsMaterial;

/**
 * The ETSI forge reference (diogoftm/minimal-etsi-qkd-004) as the other side, over TLS: its
 * {@code client_example} against the simulated KM, and {@link Etsi004Client} against its
 * {@code server_example}. Opt-in: set {@code UKMS_ETSI004_REFERENCE} to the reference's
 * CMake build folder; its {@code ../ssl} must hold {@code root_CA.pem} and {@code 127.0.0.1.pem}
 * / {@code 127.0.0.1.key} (a PKCS#8 key, certificate with IP SAN 127.0.0.1). The example's port
 * (25575) is fixed. docs/etsi004.md says how to build it.
 */
class Etsi004ReferenceIT {
  @Test
  void referenceClient_openGetKeyClose_againstTheSimulatedKm() throws Exception {
    String dir = System.getenv("UKMS_ETSI004_REFERENCE");
    assumeTrue(dir != null && Files.isExecutable(Path.of(dir, "client_example")),
        "UKMS_ETSI004_REFERENCE does not name a reference build with client_example: skipped");
    Path build = Path.of(dir);
    Path ssl = build.resolve("../ssl").normalize();
    var tls = TlsMaterial.serverContext(ssl.resolve("127.0.0.1.pem"), ssl.resolve("127.0.0.1.key"),
        ssl.resolve("root_CA.pem"));
    Etsi004Store store = Etsi004Store.linked(Secret.copyOf(new byte[32]), new SplittableRandom(1));
    try (Etsi004Server server =
        Etsi004Server.start(new InetSocketAddress("127.0.0.1", 25575), store, tls, 32)) {
      assertEquals(25575, server.port()); // the example's fixed port
      Process client = new ProcessBuilder(build.resolve("client_example").toString())
          .directory(build.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      assertTrue(client.waitFor(30, TimeUnit.SECONDS), "client_example did not finish in 30 s");
      assertEquals(0, client.exitValue());
    }
    List<OpenConnectRequest> opened = store.openConnects();
    assertEquals(2, opened.size());
    assertEquals(8192, opened.get(0).qos().keyChunkSize());
    assertTrue(opened.get(0).ksid().isNull());
    assertEquals(opened.get(1).ksid(), store.closes().get(0));
    assertEquals(2, store.closes().size());
  }

  @Test
  void ukmsClient_againstTheReferenceServer() throws Exception {
    String dir = System.getenv("UKMS_ETSI004_REFERENCE");
    assumeTrue(dir != null && Files.isExecutable(Path.of(dir, "server_example")),
        "UKMS_ETSI004_REFERENCE does not name a reference build with server_example: skipped");
    Path build = Path.of(dir);
    Path ssl = build.resolve("../ssl").normalize();
    SSLContext tls = TlsMaterial.load(new TlsFiles(ssl.resolve("root_CA.pem"),
        ssl.resolve("127.0.0.1.pem"), ssl.resolve("127.0.0.1.key"))).sslContext();
    Qos qos = new Qos(32, 32, 32, 0, 0, 0, 0, Qos.JSON); // what wg-Qrotator asks for
    Process server = new ProcessBuilder(build.resolve("server_example").toString())
        .directory(build.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      Etsi004Client client = new Etsi004Client(
          SocketTransport.tls(tls, "127.0.0.1", 25575, qos), BinaryCodec.v211(),
          Clock.systemUTC());
      KeyStream stream = openOnceListening(client, qos, server);
      KeyStream again = client.open("wgrot://alice", "wgrot://bob", qos, KeyStreamId.NULL);
      assertEquals(stream.ksid(), again.ksid()); // the reference: same pair, same KSID
      DeliveredKey key = client.getKey(stream);
      assertEquals(32, key.key().length());
      assertEquals(Status.SUCCESSFUL, client.close(stream));
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * The reference server says nothing when it listens, so the first OPEN_CONNECT is retried
   * while the port refuses connections (each refusal is immediate), for at most 10 s.
   */
  private static KeyStream openOnceListening(Etsi004Client client, Qos qos, Process server)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        return client.open("wgrot://alice", "wgrot://bob", qos, KeyStreamId.NULL);
      } catch (Etsi004Exception e) {
        boolean refused = e.getCause() instanceof ConnectException;
        if (!refused || !server.isAlive() || System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }
}
