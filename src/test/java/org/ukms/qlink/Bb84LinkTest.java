package org.ukms.qlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.ukms.bb84.Bb84Message;
import org.ukms.bb84.Bb84Sender;
import org.ukms.bb84.Bb84Settings;
import org.ukms.bb84.ChannelModel;
import org.ukms.crypto.Secret;
import org.ukms.testing.Qber;

/** Two ends of a BB84 link over a real loopback TCP connection. */
class Bb84LinkTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final Bb84Settings SMALL = new Bb84Settings(1 << 14, 0.10, 0.11, 1e-10);
  static final Secret SECRET = Secret.copyOf(new byte[32]);

  static Supplier<RandomGenerator> seeded(long seed) {
    SplittableRandom root = new SplittableRandom(seed);
    return () -> {
      synchronized (root) {
        return root.split();
      }
    };
  }

  static LinkOptions listener(String kme, String sae) {
    return listener(kme, sae, 0);
  }

  static LinkOptions listener(String kme, String sae, int port) {
    return new LinkOptions(kme, sae, new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
        List.of(), ChannelModel.ideal(), SMALL, 32, 8, Duration.ofMillis(50));
  }

  static LinkOptions dialer(String kme, String sae, int port, ChannelModel channel) {
    return new LinkOptions(kme, sae, null,
        List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)), channel, SMALL,
        32, 8, Duration.ofMillis(50));
  }

  @Test
  void twoEnds_afterABlock_holdTheSameKeys_andSplitThemWithoutOverlap() throws Exception {
    try (Bb84Links a = Bb84Links.start(listener("kme-a", "A"), SECRET, seeded(1));
        Bb84Links b = Bb84Links.start(dialer("kme-b", "B", a.port(),
            new ChannelModel(0.2, 0.8, 0.02, false)), SECRET, seeded(2))) {
      KeyStream atA = a.awaitStream("B", WAIT).orElseThrow();
      KeyStream atB = b.awaitStream("A", WAIT).orElseThrow();
      assertTrue(atA.await(1, 3, WAIT) && atB.await(1, 3, WAIT), atA.state());

      long[] mine = atA.take(3, 1).orElseThrow(); // kme-a < kme-b: a owns the even slots
      long[] theirs = atB.take(3, 1).orElseThrow();
      for (int i = 0; i < 3; i++) {
        assertEquals(0, mine[i] % 2);
        assertEquals(1, theirs[i] % 2);
        Secret keyAtA = atA.key(mine[i], 1, 32);
        Secret sameAtB = atB.fetch(new long[] {mine[i]}, new int[] {1}, new int[] {32},
            Duration.ZERO).orElseThrow().get(0);
        assertTrue(keyAtA.sameAs(sameAtB), "slot " + mine[i]);
        Secret keyAtB = atB.key(theirs[i], 1, 32);
        Secret sameAtA = atA.fetch(new long[] {theirs[i]}, new int[] {1}, new int[] {32},
            Duration.ZERO).orElseThrow().get(0);
        assertTrue(keyAtB.sameAs(sameAtA));
        assertFalse(keyAtA.sameAs(keyAtB));
      }
      assertTrue(atB.fetch(new long[] {mine[0]}, new int[] {1}, new int[] {32}, Duration.ZERO)
          .isEmpty(), "a key is given once at each end");
      assertTrue(atA.fetch(new long[] {mine[1]}, new int[] {1}, new int[] {32}, Duration.ZERO)
          .isEmpty(), "an end never fetches a key of its own share");
      LinkStatus s = atA.status(1);
      assertTrue(s.blocks() >= 1 && s.connected() && s.qber() < 0.05, s.toString());
    }
  }

  /** kme-a restarts with an empty stream: the slots only kme-b held are void at both ends. */
  @Test
  void aReconnect_voidsTheSlotsOnlyTheLongerEndHeld_andEveryKeyHandedOutIsFetchableAtTheOther()
      throws Exception {
    Bb84Links first = Bb84Links.start(listener("kme-a", "A"), SECRET, seeded(8));
    int port = first.port();
    try (Bb84Links b = Bb84Links.start(dialer("kme-b", "B", port, ChannelModel.ideal()),
        SECRET, seeded(9))) {
      KeyStream atB = b.awaitStream("A", WAIT).orElseThrow();
      assertTrue(atB.await(1, 1, WAIT));
      first.close();
      assertTrue(atB.awaitStatus(s -> !s.connected(), WAIT), atB.state());
      long before = atB.fullSlots() + (atB.partialSlot() ? 1 : 0);
      LinkStatus old = atB.status(1);

      try (Bb84Links second = Bb84Links.start(listener("kme-a", "A", port), SECRET,
          seeded(10))) {
        KeyStream atA = second.awaitStream("B", WAIT).orElseThrow();
        assertTrue(atB.await(old.blocks() + old.aborts() + 1, 1, WAIT), atB.state());

        long[] atLonger = atB.take(atB.stored(1), 1).orElseThrow();
        assertTrue(atLonger.length > 0);
        for (long slot : atLonger) {
          assertTrue(slot >= before, "void slot " + slot + " handed out (old stream " + before
              + " slots)");
          assertTrue(atB.key(slot, 1, 32).sameAs(atA.fetch(new long[] {slot}, new int[] {1},
              new int[] {32}, WAIT).orElseThrow().get(0)), "slot " + slot);
        }
        assertTrue(atA.await(1, 1, WAIT), atA.state());
        for (long slot : atA.take(atA.stored(1), 1).orElseThrow()) {
          assertTrue(slot >= before, "slot " + slot + " of the old session, " + before);
          assertTrue(atA.key(slot, 1, 32).sameAs(atB.fetch(new long[] {slot}, new int[] {1},
              new int[] {32}, WAIT).orElseThrow().get(0)), "slot " + slot);
        }
      }
    }
  }

  /** kme-a listens and also dials kme-b, which dials kme-a: the second connection is refused. */
  @Test
  void aSecondConnectionTheOtherWay_isRefused_andTheFirstLinkKeepsWorking() throws Exception {
    try (Bb84Links a = Bb84Links.start(listener("kme-a", "A"), SECRET, seeded(11));
        Bb84Links b = Bb84Links.start(new LinkOptions("kme-b", "B",
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), a.port())),
            ChannelModel.ideal(), SMALL, 32, 8, Duration.ofMillis(50)), SECRET, seeded(12))) {
      KeyStream atB = b.awaitStream("A", WAIT).orElseThrow();
      assertTrue(atB.await(1, 0, WAIT));
      try (Bb84Links dialsBack = Bb84Links.start(dialer("kme-a", "A", b.port(),
          ChannelModel.ideal()), SECRET, seeded(13))) {
        assertTrue(dialsBack.awaitStream("B", Duration.ofSeconds(2)).isEmpty(),
            "b refuses kme-a's second connection before its hello");
        long blocks = atB.status(1).blocks();
        atB.take(atB.stored(1), 1).orElseThrow(); // an empty pool: the link makes more keys

        assertTrue(atB.await(blocks + 1, 1, WAIT), atB.state());
        assertTrue(atB.status(1).connected());
      }
    }
  }

  @Test
  void interceptResend_givesAQberNearAQuarter_andNoKey() throws Exception {
    try (Bb84Links a = Bb84Links.start(listener("kme-a", "A"), SECRET, seeded(3));
        Bb84Links b = Bb84Links.start(dialer("kme-b", "B", a.port(),
            new ChannelModel(0, 1, 0, true)), SECRET, seeded(4))) {
      KeyStream atA = a.awaitStream("B", WAIT).orElseThrow();
      KeyStream atB = b.awaitStream("A", WAIT).orElseThrow();
      assertTrue(atA.await(3, 0, WAIT) && atB.await(3, 0, WAIT));

      for (KeyStream end : List.of(atA, atB)) {
        LinkStatus s = end.status(1);
        assertEquals(0, s.blocks(), "no block made a key");
        assertTrue(s.aborts() >= 3);
        // The link keeps running blocks, so which block's QBER this reads is the scheduler's
        // choice: a band of 5 sigma of a block's 819-bit sample (sigma 0.015), not 2.
        assertTrue(Math.abs(s.qber() - 0.25) < 0.075, "QBER " + s.qber());
        assertEquals(0, s.stored());
        assertTrue(s.state().contains("aborted: QBER ") && Qber.ofAnEavesdropper(s.state()),
            s.state());
        assertTrue(end.take(1, 1).isEmpty());
      }
    }
  }

  @Test
  void aReplayedHello_withoutTheLinkSecret_neverCutsTheWorkingSession() throws Exception {
    try (Bb84Links a = Bb84Links.start(listener("kme-a", "A"), SECRET, seeded(21));
        Bb84Links b = Bb84Links.start(dialer("kme-b", "B", a.port(), ChannelModel.ideal()),
            SECRET, seeded(22))) {
      KeyStream atA = a.awaitStream("B", WAIT).orElseThrow();
      KeyStream atB = b.awaitStream("A", WAIT).orElseThrow();
      assertTrue(atA.await(1, 0, WAIT));
      long epoch = atA.epoch();

      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), a.port())) {
        FrameCodec replay = new FrameCodec(new DataInputStream(s.getInputStream()),
            new DataOutputStream(s.getOutputStream()), true, Secret.copyOf(new byte[32]));
        replay.write(new Control.Hello("kme-b", "B", 1, 2)); // b's name, not its secret
        assertTrue(replay.read() instanceof Control.Hello);
        s.shutdownOutput(); // it cannot answer under the session keys
        s.setSoTimeout(10_000);
        while (s.getInputStream().read() >= 0) {
          // a's Ready, then a's close
        }
      }

      assertEquals(epoch, atA.epoch(), "the working session was not replaced");
      long blocks = atA.status(1).blocks();
      atA.take(atA.stored(1), 1).orElseThrow(); // an empty pool: the link makes more keys
      assertTrue(atA.await(blocks + 1, 1, WAIT), atA.state());
      assertEquals(epoch, atA.epoch());
      assertTrue(atB.status(1).connected(), atB.state());
    }
  }

  @Test
  void aTamperedClassicalMessage_endsTheSession_andDeliversNothing() throws Exception {
    try (Bb84Links a = Bb84Links.start(listener("kme-a", "A"), SECRET, seeded(5));
        Socket s = new Socket(InetAddress.getLoopbackAddress(), a.port())) {
      Flipper out = new Flipper(s.getOutputStream());
      FrameCodec codec = new FrameCodec(new DataInputStream(s.getInputStream()),
          new DataOutputStream(out), true, SECRET);
      Control.Hello hello = new Control.Hello("kme-b", "B", 1, 2);
      codec.write(hello);
      Control.Hello theirs = (Control.Hello) codec.read();
      codec.startSession(hello, theirs);
      codec.write(new Control.Ready());
      codec.read(); // its Ready
      codec.write(new Control.Slots(0, false));
      codec.read(); // its slot counts
      Bb84Sender alice = new Bb84Sender(SMALL, new SplittableRandom(6), new SplittableRandom(7));
      codec.write(alice.emit());
      Bb84Message.Detections clicks = (Bb84Message.Detections) codec.read();
      out.armed = true; // one bit of the sifting message changes on the way
      codec.write(alice.sift(clicks));

      s.setSoTimeout(10_000);
      assertEquals(-1, s.getInputStream().read(), "the listener ended the session");
      KeyStream atA = a.awaitStream("B", WAIT).orElseThrow();
      LinkStatus status = atA.status(1);
      assertTrue(status.state().contains("bad MAC on frame 4"), status.state());
      assertEquals(0, status.blocks());
      assertEquals(0, status.stored());
      assertFalse(status.connected());
    }
  }

  /** Flips the first byte of the next payload-sized write once armed. */
  static final class Flipper extends FilterOutputStream {
    volatile boolean armed;

    Flipper(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (armed && len > 13) {
        armed = false;
        byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
        copy[0] ^= 1;
        out.write(copy);
        return;
      }
      out.write(b, off, len);
    }
  }

}
