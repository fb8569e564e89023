package org.ukms.qlink;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.ukms.bb84.Bb84Message;
import org.ukms.bb84.Bb84Outcome;
import org.ukms.bb84.Bb84Receiver;
import org.ukms.bb84.Bb84Sender;
import org.ukms.crypto.Secret;

/**
 * One connection of a BB84 link: the handshake (hellos and slot counts, all within
 * {@code helloTimeout}), then blocks until the connection ends. The dialer
 * is the sender: it asks the listener's pool level, runs a block when either end holds fewer
 * keys than the pool size, and pauses after an abort. The listener answers. One thread runs a
 * session and does all its reading and writing; {@link #run} returns when the connection ends
 * (an I/O error, a bad frame, or {@link Socket#close} from another thread).
 */
final class LinkSession {
  /** How long the dialer waits between level queries while both pools are full. */
  static final long IDLE_MILLIS = 250;
  /** How long a read may wait once the handshake is through. */
  static final int READ_TIMEOUT_MILLIS = 30_000;

  /** The link's view of its peers' streams. */
  interface Streams {
    /**
     * Refuses a hello this end cannot take whoever sent it (its own KME ID, both ends dialing).
     * Before the peer has {@code proven} that it holds the link secret this changes nothing and
     * returns null; after, it finds or makes the peer's stream and closes an older session.
     */
    KeyStream forPeer(Control.Hello hello, Socket socket, boolean proven)
        throws LinkAuthException;
  }

  private final Socket socket;
  private final boolean dialer;
  private final LinkOptions options;
  private final Secret linkSecret;
  private final Streams streams;
  private final Supplier<RandomGenerator> random;
  private final Pause pause;
  private final Duration helloTimeout;
  private static final System.Logger logger = System.getLogger("org.ukms.qlink");
  private FrameCodec codec;
  /** Whether the last block of this session made a key (null before the first). */
  private Boolean flowing;
  private KeyStream stream;
  private long epoch;
  private boolean aligned;

  /** Waits without a busy loop; returns false when the end is closing. */
  interface Pause {
    boolean sleep(long millis) throws InterruptedException;
  }

  LinkSession(Socket socket, boolean dialer, LinkOptions options, Secret linkSecret,
      Streams streams, Supplier<RandomGenerator> random, Pause pause, Duration helloTimeout) {
    this.socket = socket;
    this.dialer = dialer;
    this.options = options;
    this.linkSecret = linkSecret;
    this.streams = streams;
    this.random = random;
    this.pause = pause;
    this.helloTimeout = helloTimeout;
  }

  /** The stream this session fills, once the hellos are through (else null). */
  KeyStream stream() {
    return stream;
  }

  /** The session's epoch in its stream (0 before the hellos). */
  long epoch() {
    return epoch;
  }

  /** Whether the hellos and the slot counts went through and the stream was aligned. */
  boolean aligned() {
    return aligned;
  }

  void run() throws IOException, InterruptedException {
    socket.setTcpNoDelay(true);
    DeadlineInput input = new DeadlineInput(socket);
    input.arm(helloTimeout);
    codec = new FrameCodec(new DataInputStream(new BufferedInputStream(input)),
        new DataOutputStream(new BufferedOutputStream(socket.getOutputStream())), dialer,
        linkSecret);
    try {
      handshake();
      input.disarm(READ_TIMEOUT_MILLIS);
      if (dialer) {
        send();
      } else {
        receive();
      }
    } finally {
      codec.close();
    }
  }

  /** The hellos, then the slot counts each way; the stream is aligned on them. */
  private void handshake() throws IOException {
    RandomGenerator nonces = random.get();
    Control.Hello hello = new Control.Hello(options.kmeId(), options.saeId(), nonces.nextLong(),
        nonces.nextLong());
    Control.Hello theirs;
    if (dialer) {
      codec.write(hello);
      theirs = expect(Control.Hello.class);
    } else {
      theirs = expect(Control.Hello.class);
    }
    streams.forPeer(theirs, socket, false);
    if (!dialer) {
      codec.write(hello);
      codec.startSession(theirs, hello);
    } else {
      codec.startSession(hello, theirs);
    }
    // The hellos are not authenticated: only the peer's first frame under the session keys proves
    // it holds the link secret, so only then may this session replace an older one.
    codec.write(new Control.Ready());
    expect(Control.Ready.class);
    stream = streams.forPeer(theirs, socket, true);
    // From here an older session's late block is refused: the counts announced below hold.
    epoch = stream.beginSession();
    // The dialer did not know its stream before the listener's hello; counts travel both ways.
    codec.write(new Control.Slots(stream.fullSlots(), stream.partialSlot()));
    Control.Slots peer = expect(Control.Slots.class);
    stream.align(epoch, peer.full(), peer.partial());
    aligned = true;
  }

  private void send() throws IOException, InterruptedException {
    int slotsPerKey = 1;
    while (!socket.isClosed()) {
      codec.write(new Control.LevelQuery());
      int theirs = expect(Control.Level.class).stored();
      if (stream.level(slotsPerKey) >= options.poolKeys() && theirs >= options.poolKeys()) {
        if (!pause.sleep(IDLE_MILLIS)) {
          return;
        }
        continue;
      }
      long started = System.nanoTime();
      Bb84Sender alice = new Bb84Sender(options.block(), random.get(), random.get());
      codec.write(options.channel().transit(alice.emit(), random.get(), random.get()));
      codec.write(alice.sift(expect(Bb84Message.Detections.class)));
      Optional<Bb84Outcome> early = alice.estimate(expect(Bb84Message.Sample.class));
      if (early.isPresent()) {
        aborted(early.get(), started);
        if (!pause.sleep(options.abortPause().toMillis())) {
          return;
        }
        continue;
      }
      Object next = codec.read();
      while (next instanceof Bb84Message.ParityQuery q) {
        codec.write(answer(alice, q));
        next = codec.read();
      }
      if (!(next instanceof Bb84Message.CascadeDone done)) {
        throw unexpected(next, Bb84Message.CascadeDone.class);
      }
      codec.write(alice.verify(done));
      finish(alice.finish(expect(Bb84Message.Confirmed.class)), started);
    }
  }

  private void receive() throws IOException {
    while (!socket.isClosed()) {
      Object first = codec.read();
      if (first instanceof Control.LevelQuery) {
        codec.write(new Control.Level(stream.level(1)));
        continue;
      }
      if (!(first instanceof Bb84Message.Photons photons)) {
        throw unexpected(first, Bb84Message.Photons.class);
      }
      long started = System.nanoTime();
      Bb84Receiver bob = new Bb84Receiver(options.block(), random.get());
      codec.write(bob.measure(photons));
      codec.write(bob.sample(expect(Bb84Message.Sifting.class)));
      Optional<Bb84Outcome> early = bob.estimate();
      if (early.isPresent()) {
        aborted(early.get(), started);
        continue;
      }
      Function<Bb84Message.ParityQuery, Bb84Message.ParityAnswer> ask = q -> {
        try {
          codec.write(q);
          return expect(Bb84Message.ParityAnswer.class);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      };
      try {
        codec.write(bob.correct(ask));
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause();
      }
      Bb84Receiver.Confirmation c = bob.confirm(expect(Bb84Message.Verification.class));
      finish(c.outcome(), started); // her slots first: the sender appends on the confirmation
      codec.write(c.message());
    }
  }

  private void finish(Bb84Outcome outcome, long started) {
    if (outcome.aborted()) {
      aborted(outcome, started);
    } else {
      stream.append(epoch, outcome.key(), outcome.stats(), seconds(started));
      transition(true, String.format(java.util.Locale.ROOT, "keys flowing (QBER %.4f)",
          outcome.stats().qber()));
    }
  }

  private void aborted(Bb84Outcome outcome, long started) {
    stream.aborted(epoch, outcome.stats(), seconds(started));
    transition(false, "block aborted, no key delivered: " + outcome.stats().abort());
  }

  /** One log line when blocks start or stop making keys, not one per block. */
  private void transition(boolean ok, String what) {
    if (flowing == null || flowing != ok) {
      flowing = ok;
      logger.log(ok ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
          "bb84 link to " + stream.peer() + ": " + what);
    }
  }

  private static Bb84Message.ParityAnswer answer(Bb84Sender alice, Bb84Message.ParityQuery q)
      throws LinkAuthException {
    try {
      return alice.answer(q);
    } catch (IllegalArgumentException e) {
      throw new LinkAuthException("parity query out of range: " + e.getMessage());
    }
  }

  private <T> T expect(Class<T> type) throws IOException {
    Object m = codec.read();
    if (!type.isInstance(m)) {
      throw unexpected(m, type);
    }
    return type.cast(m);
  }

  private static LinkAuthException unexpected(Object m, Class<?> wanted) {
    return new LinkAuthException("expected " + wanted.getSimpleName() + ", received "
        + m.getClass().getSimpleName());
  }

  private static double seconds(long started) {
    return (System.nanoTime() - started) / 1e9;
  }
}
