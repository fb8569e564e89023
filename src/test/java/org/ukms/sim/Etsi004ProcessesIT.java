package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukms.etsi004.BinaryCodec;
import org.ukms.etsi004.DeliveredKey;
import org.ukms.etsi004.Etsi004Client;
import org.ukms.etsi004.KeyStream;
import org.ukms.etsi004.KeyStreamId;
import org.ukms.etsi004.Qos;
import org.ukms.etsi004.SocketTransport;
import org.ukms.testing.UkmsProcess;

/**
 * {@code ukms kme --api 004} as two processes, the two ends of one link: a key that one end
 * delivers at an index, the other end delivers identically for the same stream and index
 * (E004-GK-02 through the CLI); and {@code --api 014,004} serves both APIs from one process.
 */
class Etsi004ProcessesIT {
  private static final Qos QOS = Qos.wireGuard(2000, 3600);
  @TempDir Path dir;

  Path secret() throws Exception {
    byte[] raw = new byte[32];
    new java.security.SecureRandom().nextBytes(raw);
    Path file = Files.writeString(dir.resolve("link.secret"),
        Base64.getEncoder().encodeToString(raw) + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  static int port(String line) {
    return Integer.parseInt(line.replaceAll(".*ETSI 004 listening on 127\\.0\\.0\\.1:(\\d+) .*",
        "$1"));
  }

  @Test
  void twoKmeProcesses_onApi004_deliverTheSameKeyForTheSameStreamAndIndex() throws Exception {
    Path secret = secret();
    BlockingQueue<String> eventsA = new LinkedBlockingQueue<>();
    BlockingQueue<String> eventsB = new LinkedBlockingQueue<>();
    try (UkmsProcess a = UkmsProcess.start("a", dir, eventsA, "kme", "--api", "004",
            "--listen", "127.0.0.1:0", "--kme-id", "A", "--sae-id", "alice",
            "--link-secret-file", secret.toString());
        UkmsProcess b = UkmsProcess.start("b", dir, eventsB, "kme", "--api", "004",
            "--listen", "127.0.0.1:0", "--kme-id", "B", "--sae-id", "bob",
            "--link-secret-file", secret.toString())) {
      int portA = port(UkmsProcess.await(eventsA, "a: ukms kme: ETSI 004 listening on", 30));
      int portB = port(UkmsProcess.await(eventsB, "b: ukms kme: ETSI 004 listening on", 30));
      Etsi004Client alice = new Etsi004Client(SocketTransport.plain("127.0.0.1", portA, QOS),
          BinaryCodec.v211(), InstantSource.system());
      Etsi004Client bob = new Etsi004Client(SocketTransport.plain("127.0.0.1", portB, QOS),
          BinaryCodec.v211(), InstantSource.system());

      KeyStream sa = alice.open("wgrot://alice", "wgrot://bob", QOS, KeyStreamId.NULL);
      DeliveredKey ka = alice.getKey(sa);
      KeyStream sb = bob.open("wgrot://bob", "wgrot://alice", QOS, sa.ksid());
      DeliveredKey kb = bob.getKey(sb, ka.index());

      assertTrue(ka.key().sameAs(kb.key()), "both ends of the link agree");
      assertEquals(32, ka.key().length());
      assertEquals(0, a.terminate(10));
      assertEquals(0, b.terminate(10));
    }
  }

  @Test
  void api014And004_fromOneProcess_andBadOptionsAreUsageErrors() throws Exception {
    Path secret = secret();
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (UkmsProcess both = UkmsProcess.start("both", dir, events, "kme", "--api", "014,004",
        "--listen", "127.0.0.1:0", "--listen-004", "127.0.0.1:0", "--kme-id", "A",
        "--sae-id", "alice", "--link-secret-file", secret.toString())) {
      UkmsProcess.await(events, "both: ukms kme: listening on http://127.0.0.1:", 30);
      int port = port(UkmsProcess.await(events, "both: ukms kme: ETSI 004 listening on", 30));
      Etsi004Client client = new Etsi004Client(SocketTransport.plain("127.0.0.1", port, QOS),
          BinaryCodec.v211(), InstantSource.system());
      KeyStream s = client.open("wgrot://alice", "wgrot://bob", QOS, KeyStreamId.NULL);
      assertEquals(32, client.getKey(s).key().length());
      assertEquals(0, both.terminate(10));
    }
    for (String[] bad : new String[][] {
        {"--api", "005"}, {"--api", "004", "--binding", "soap"}, {"--api", "014,004"}}) {
      java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("kme",
          "--listen", "127.0.0.1:0", "--kme-id", "A", "--sae-id", "alice",
          "--link-secret-file", secret.toString()));
      args.addAll(java.util.List.of(bad));
      try (UkmsProcess p = UkmsProcess.start("bad", dir, events, args.toArray(String[]::new))) {
        assertTrue(p.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(2, p.process.exitValue(), String.join(" ", bad) + ": " + p.lines);
      }
    }
  }
}
