package org.ukms.qlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ukms.qlink.Bb84LinkTest.SECRET;
import static org.ukms.qlink.Bb84LinkTest.WAIT;
import static org.ukms.qlink.Bb84LinkTest.dialer;
import static org.ukms.qlink.Bb84LinkTest.listener;
import static org.ukms.qlink.Bb84LinkTest.seeded;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ukms.bb84.ChannelModel;
import org.ukms.crypto.Secret;
import org.ukms.net.AcceptLoop;
import org.ukms.testing.LogCapture;

/** What one end spends on connections it did not ask for, and how often it retries and warns. */
class Bb84LinkLimitsTest {
  private static Socket connect(Bb84Links end) throws Exception {
    return new Socket(InetAddress.getLoopbackAddress(), end.port());
  }

  @Test
  void connectionsBeyondTheSessionLimit_areClosed_andAFinishedSessionFreesItsSlotAndThread()
      throws Exception {
    try (Bb84Links a = Bb84Links.start(listener("kme-a", "A"), SECRET, seeded(20),
            new Bb84Links.Limits(2, WAIT, null));
        Socket one = connect(a);
        Socket two = connect(a);
        Socket three = connect(a)) {
      assertTrue(one.isConnected() && two.isConnected());
      three.setSoTimeout(10_000);
      assertEquals(-1, three.getInputStream().read(), "the third connection is closed");

      one.shutdownOutput(); // its session reads the end of the stream and ends
      assertTrue(a.awaitThreads(2, WAIT), "the listener and one session are left running");
      try (Socket four = connect(a)) {
        four.setSoTimeout(10_000);
        FrameCodec codec = new FrameCodec(new DataInputStream(four.getInputStream()),
            new DataOutputStream(four.getOutputStream()), true, SECRET);
        codec.write(new Control.Hello("kme-b", "B", 1, 2));
        assertEquals("kme-a", ((Control.Hello) codec.read()).kmeId(), "a freed slot serves");
      }
    }
  }

  @Test
  void aConnectionThatSaysNothing_isClosedAtTheHelloDeadline() throws Exception {
    try (Bb84Links a = Bb84Links.start(listener("kme-a", "A"), SECRET, seeded(21),
            new Bb84Links.Limits(4, Duration.ofMillis(200), null));
        Socket silent = connect(a)) {
      silent.setSoTimeout(10_000); // the plain read timeout is 30 s
      assertEquals(-1, silent.getInputStream().read());
    }
  }

  @Test
  void aFailingAccept_backsOffInsteadOfSpinning() throws Exception {
    BlockingQueue<Long> waits = new LinkedBlockingQueue<>();
    try (Bb84Links a = Bb84Links.start(listener("kme-a", "A"), SECRET, seeded(22),
        new Bb84Links.Limits(4, WAIT, millis -> waits.add(millis) && false))) {
      a.server().setSoTimeout(1); // every accept after the pending one fails
      try (Socket wake = connect(a)) { // ends the pending accept
        assertTrue(wake.isConnected());
        assertEquals(AcceptLoop.FIRST_BACKOFF.toMillis(), waits.poll(30, TimeUnit.SECONDS));
      }
    }
  }

  /** kme-a has another link secret: every hello kme-b sends is refused. */
  @Test
  void aRefusedLink_backsOffDoubling_andWarnsOnce() throws Exception {
    byte[] other = new byte[32];
    Arrays.fill(other, (byte) 7);
    CountDownLatch five = new CountDownLatch(5);
    List<Long> waits = new CopyOnWriteArrayList<>();
    try (LogCapture log = new LogCapture();
        Bb84Links a = Bb84Links.start(listener("kme-a", "A"), Secret.copyOf(other), seeded(23));
        Bb84Links b = Bb84Links.start(dialer("kme-b", "B", a.port(), ChannelModel.ideal()),
            SECRET, seeded(24), new Bb84Links.Limits(4, WAIT, millis -> {
              waits.add(millis);
              five.countDown();
              return five.getCount() > 0;
            }))) {
      assertEquals(-1, b.port(), "kme-b only dials");
      assertTrue(five.await(30, TimeUnit.SECONDS));
      assertEquals(List.of(200L, 400L, 800L, 1600L, 3200L), waits);
      long warnings = log.lines.stream()
          .filter(l -> l.startsWith("WARNING") && l.contains(":" + a.port() + ": ")).count();
      assertEquals(1, warnings, String.join("\n", log.lines));
    }
  }
}
