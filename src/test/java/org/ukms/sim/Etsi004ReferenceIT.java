package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ukms.crypto.Secret;
import org.ukms.etsi004.OpenConnectRequest;
import org.ukms.kme.TlsMaterial;

/**
 * The ETSI forge reference client (diogoftm/minimal-etsi-qkd-004 {@code client_example}) against
 * the simulated KM over mutual TLS. Opt-in: set {@code UKMS_ETSI004_REFERENCE} to the reference's
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
}
