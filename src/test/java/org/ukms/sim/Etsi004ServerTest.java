package org.ukms.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.net.ssl.SSLContext;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ukms.crypto.Secret;
import org.ukms.etsi004.BinaryCodec;
import org.ukms.etsi004.CloseRequest;
import org.ukms.etsi004.DeliveredKey;
import org.ukms.etsi004.Etsi004Client;
import org.ukms.etsi004.Etsi004Exception;
import org.ukms.etsi004.FrameIo;
import org.ukms.etsi004.KeyStream;
import org.ukms.etsi004.KeyStreamId;
import org.ukms.etsi004.OpenConnectRequest;
import org.ukms.etsi004.OpenConnectResponse;
import org.ukms.etsi004.Qos;
import org.ukms.etsi004.SocketTransport;
import org.ukms.etsi004.Status;
import org.ukms.testing.ManualClock;
import org.ukms.testing.TestPki;

/** The simulated ETSI 004 KM on real sockets: plain and mutual TLS (E004-TLS-01, -GK-02). */
class Etsi004ServerTest {
  private static final Qos QOS = Qos.wireGuard(2000, 3600);
  private static final InetSocketAddress LOOPBACK =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final Secret link = Secret.copyOf(new byte[32]);
  private final TestPki kmPki = new TestPki("km");
  private final TestPki appPki = new TestPki("apps");
  private Etsi004Server one;
  private Etsi004Server two;
  private SocketTransport t1;
  private SocketTransport t2;

  @AfterEach
  void close() {
    for (AutoCloseable c : new AutoCloseable[] {one, two}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void e004Gk02_twoLinkedServers_sameKsidAndIndex_identicalKey() throws Exception {
    one = Etsi004Server.start(LOOPBACK, store(1), null, 4);
    two = Etsi004Server.start(LOOPBACK, store(2), null, 4);
    t1 = SocketTransport.plain("127.0.0.1", one.port(), QOS);
    t2 = SocketTransport.plain("127.0.0.1", two.port(), QOS);
    Etsi004Client alice = new Etsi004Client(t1, BinaryCodec.v211(), clock);
    Etsi004Client bob = new Etsi004Client(t2, BinaryCodec.v211(), clock);

    KeyStream sa = alice.open("wgrot://alice", "wgrot://bob", QOS, KeyStreamId.NULL);
    DeliveredKey ka = alice.getKey(sa);
    KeyStream sb = bob.open("wgrot://bob", "wgrot://alice", QOS, sa.ksid());
    DeliveredKey kb = bob.getKey(sb, ka.index());
    assertTrue(ka.key().sameAs(kb.key()));
    assertEquals(32, kb.key().length());
  }

  @Test
  void e004Tls01_mutualTls_serverVerified_keysFlow() throws Exception {
    HeldCertificate server = kmPki.issue("km", "127.0.0.1");
    one = Etsi004Server.start(LOOPBACK, store(1), TestPki.server(server, appPki).sslContext(), 4);
    t1 = SocketTransport.tls(client(kmPki), "127.0.0.1", one.port(), QOS);
    Etsi004Client alice = new Etsi004Client(t1, BinaryCodec.v211(), clock);
    KeyStream s = alice.open("wgrot://alice", "wgrot://bob", QOS, KeyStreamId.NULL);
    assertEquals(32, alice.getKey(s).key().length());
  }

  @Test
  void e004Tls01_serverFromAnotherCa_refused() throws Exception {
    TestPki rogue = new TestPki("rogue");
    HeldCertificate server = rogue.issue("km", "127.0.0.1");
    one = Etsi004Server.start(LOOPBACK, store(1), TestPki.server(server, appPki).sslContext(), 4);
    t1 = SocketTransport.tls(client(kmPki), "127.0.0.1", one.port(), QOS);
    Etsi004Client alice = new Etsi004Client(t1, BinaryCodec.v211(), clock);
    var e = assertThrows(Etsi004Exception.class,
        () -> alice.open("wgrot://alice", "wgrot://bob", QOS, KeyStreamId.NULL));
    assertTrue(e.getMessage().startsWith("OPEN_CONNECT wgrot://alice -> wgrot://bob: KM "
        + "unreachable: "), e.getMessage());
    assertTrue(one.store().openConnects().isEmpty());
  }

  @Test
  void e004Tls01_serverCertificateForAnotherHost_refused() throws Exception {
    HeldCertificate server = kmPki.issue("km", "km.example");
    one = Etsi004Server.start(LOOPBACK, store(1), TestPki.server(server, appPki).sslContext(), 4);
    t1 = SocketTransport.tls(client(kmPki), "127.0.0.1", one.port(), QOS);
    Etsi004Client alice = new Etsi004Client(t1, BinaryCodec.v211(), clock);
    assertThrows(Etsi004Exception.class,
        () -> alice.open("wgrot://alice", "wgrot://bob", QOS, KeyStreamId.NULL));
    assertTrue(one.store().openConnects().isEmpty());
  }

  @Test
  void e004Tls01_clientWithoutCertificate_refusedByTheServer() throws Exception {
    HeldCertificate server = kmPki.issue("km", "127.0.0.1");
    one = Etsi004Server.start(LOOPBACK, store(1), TestPki.server(server, appPki).sslContext(), 4);
    SSLContext anonymous = new HandshakeCertificates.Builder()
        .addTrustedCertificate(kmPki.ca.certificate()).build().sslContext();
    t1 = SocketTransport.tls(anonymous, "127.0.0.1", one.port(), QOS);
    Etsi004Client alice = new Etsi004Client(t1, BinaryCodec.v211(), clock);
    assertThrows(Etsi004Exception.class,
        () -> alice.open("wgrot://alice", "wgrot://bob", QOS, KeyStreamId.NULL));
    assertTrue(one.store().openConnects().isEmpty());
  }

  @Test
  void e004Bin03_oversizedFrame_endsThatConnection_serverKeepsServing() throws Exception {
    one = Etsi004Server.start(LOOPBACK, store(1), null, 4);
    try (Socket raw = new Socket("127.0.0.1", one.port())) {
      raw.setSoTimeout(10_000);
      raw.getOutputStream().write(HexFormat.of().parseHex("0201010200200000"));
      InputStream in = raw.getInputStream();
      assertEquals(-1, in.read());
    }
    t1 = SocketTransport.plain("127.0.0.1", one.port(), QOS);
    Etsi004Client alice = new Etsi004Client(t1, BinaryCodec.v211(), clock);
    assertFalse(alice.open("wgrot://a", "wgrot://b", QOS, KeyStreamId.NULL).ksid().isNull());
  }

  @Test
  void connectionsBeyondTheLimit_closedAtOnce() throws Exception {
    one = Etsi004Server.start(LOOPBACK, store(1), null, 1);
    try (Socket first = new Socket("127.0.0.1", one.port());
        Socket second = new Socket("127.0.0.1", one.port())) {
      // first holds the only slot (the server waits for its request) until second is turned away
      second.setSoTimeout(10_000);
      assertEquals(-1, second.getInputStream().read()); // no slot left: closed at once
      first.getOutputStream().write(BinaryCodec.v211().encode(
          new CloseRequest(KeyStreamId.NULL)));
      assertEquals(12, FrameIo.read(first.getInputStream()).length); // served
    }
  }

  @Test
  void plainTcp_offLoopback_refused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Etsi004Server.start(
        new InetSocketAddress("0.0.0.0", 0), store(1), null, 1));
    assertTrue(e.getMessage().startsWith("plain ETSI 004 serves loopback only"));
  }

  @Test
  void oneRequestPerConnection_asTheReferenceServer_andNonUriSourcesAccepted() throws Exception {
    one = Etsi004Server.start(LOOPBACK, store(1), null, 4);
    try (Socket raw = new Socket("127.0.0.1", one.port())) {
      raw.setSoTimeout(10_000);
      raw.getOutputStream().write(BinaryCodec.v211().encode(new OpenConnectRequest(
          "qkd//app1@aaaa", "qkd//app2@bbbb", QOS, KeyStreamId.NULL)));
      OpenConnectResponse answer = BinaryCodec.decodeOpenConnectResponse(
          FrameIo.read(raw.getInputStream()));
      assertEquals(Status.SUCCESSFUL, answer.status());
      assertEquals(-1, raw.getInputStream().read()); // then the server ends the connection
    }
  }

  private Etsi004Store store(long seed) {
    return Etsi004Store.linked(link, new SplittableRandom(seed));
  }

  private SSLContext client(TestPki trusted) {
    HeldCertificate me = appPki.issue("alice");
    return new HandshakeCertificates.Builder().addTrustedCertificate(trusted.ca.certificate())
        .heldCertificate(me).build().sslContext();
  }
}
