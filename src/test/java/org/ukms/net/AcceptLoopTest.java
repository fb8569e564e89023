package org.ukms.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared accept loop against a listener whose accepts are scripted: a socket, or a failure;
 * the pauses are recorded instead of slept, so nothing here waits on the clock.
 */
class AcceptLoopTest {
  private static final Object FAIL = new Object();

  /** Accepts from a script; closes itself when the script runs out. */
  private static final class Scripted extends ServerSocket {
    private final Deque<Object> script;

    Scripted(Object... outcomes) throws IOException {
      script = new ArrayDeque<>(List.of(outcomes));
    }

    @Override
    public Socket accept() throws IOException {
      Object next = script.poll();
      if (next == null) {
        close();
        throw new IOException("closed");
      }
      if (next == FAIL) {
        throw new IOException("Too many open files");
      }
      return (Socket) next;
    }
  }

  private final List<Socket> admitted = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final List<Long> pauses = new ArrayList<>();

  private void run(ServerSocket listener, AcceptLoop.Pause pause) {
    AcceptLoop.run(listener, () -> true, admitted::add,
        (e, retry) -> failures.add(e.getMessage() + " " + retry.toMillis()), pause);
  }

  private AcceptLoop.Pause recorded() {
    return wait -> pauses.add(wait.toMillis());
  }

  @Test
  void failures_backOffDoublingToTwoSeconds_andASuccessStartsOver() throws Exception {
    Socket one = new Socket();
    Socket two = new Socket();
    try (Scripted listener = new Scripted(FAIL, FAIL, FAIL, one, FAIL, FAIL, FAIL, FAIL, FAIL,
        FAIL, FAIL, two)) {
      run(listener, recorded());
    }
    assertEquals(List.of(one, two), admitted);
    assertEquals(List.of(100L, 200L, 400L, 100L, 200L, 400L, 800L, 1600L, 2000L, 2000L), pauses);
    assertEquals("Too many open files 100", failures.get(0), "each failure is reported with "
        + "the wait before the next accept");
    assertEquals(pauses.size(), failures.size());
  }

  @Test
  void anAdmissionThatThrows_losesThatConnection_notTheListener() throws Exception {
    Socket bad = new Socket();
    Socket good = new Socket();
    try (Scripted listener = new Scripted(bad, good)) {
      AcceptLoop.run(listener, () -> true, s -> {
        if (s == bad) {
          throw new IllegalStateException("a bug");
        }
        admitted.add(s);
      }, (e, retry) -> failures.add(e.getMessage() + " " + retry.toMillis()), recorded());
    }
    assertTrue(bad.isClosed(), "the socket it could not admit is closed");
    assertEquals(List.of(good), admitted, "the next connection is still accepted");
    assertEquals(List.of("admitting a connection failed: java.lang.IllegalStateException: a bug 0"),
        failures);
    assertEquals(List.of(), pauses, "no back-off: the listener is fine");
  }

  @Test
  void aPauseThatSaysClosing_endsTheLoop() throws Exception {
    try (Scripted listener = new Scripted(FAIL, new Socket())) {
      run(listener, wait -> false);
    }
    assertEquals(List.of(), admitted, "nothing accepted after the server said it is closing");
    assertEquals(1, failures.size());
  }

  @Test
  void aFailureOnceTheServerIsClosed_endsTheLoopUnreported() throws Exception {
    try (Scripted listener = new Scripted(new Socket())) { // then the script closes it
      run(listener, recorded());
    }
    assertEquals(1, admitted.size());
    assertEquals(List.of(), failures);
    assertEquals(List.of(), pauses);
  }

  @Test
  void aServerNoLongerOpen_acceptsNothingMore() throws Exception {
    Socket first = new Socket();
    try (Scripted listener = new Scripted(first, new Socket(), new Socket())) {
      AcceptLoop.run(listener, () -> admitted.isEmpty(), admitted::add,
          (e, retry) -> failures.add(e.getMessage()), recorded());
    }
    assertEquals(List.of(first), admitted);
  }

  @Test
  void anInterruptedPause_endsTheLoop_andKeepsTheInterrupt() throws Exception {
    try (Scripted listener = new Scripted(FAIL, new Socket())) {
      run(listener, wait -> {
        throw new InterruptedException();
      });
      assertTrue(Thread.interrupted(), "the interrupt is kept for the caller (and cleared here)");
    }
    assertEquals(List.of(), admitted);
  }
}
