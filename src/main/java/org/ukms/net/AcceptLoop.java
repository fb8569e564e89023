package org.ukms.net;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The accept loop of every plain-socket listener (the SKIP TLS-PSK server, the simulated ETSI 004
 * key manager, the BB84 link): each accepted socket goes to the server's admission, and a failing
 * accept (no file descriptor left, say) is reported and waited out, from 100 ms doubling to 2 s
 * and back to 100 ms after the next success, so the loop never spins on a failure it cannot mend.
 */
public final class AcceptLoop {
  /** The first wait after a failed accept. */
  public static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  /** The longest wait after failed accepts in a row. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

  /** Waits out a back-off; false ends the loop (the server is closing). */
  @FunctionalInterface
  public interface Pause {
    boolean pause(Duration wait) throws InterruptedException;
  }

  /** Hears of a failed accept and how long the loop waits before the next one. */
  @FunctionalInterface
  public interface Failures {
    void failed(IOException e, Duration retryIn);
  }

  /** Sleeps on the wall clock; the loop then looks again whether the server is open. */
  public static final Pause SLEEP = wait -> {
    Thread.sleep(wait.toMillis());
    return true;
  };

  private AcceptLoop() {}

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // best effort
    }
  }

  /**
   * Accepts on {@code listener} while {@code open} says so, the listener is open and the thread
   * is not interrupted, and hands each socket to {@code admit} (which must not block for long:
   * it runs on the accepting thread). A failure after the server closed ends the loop unreported;
   * an exception from {@code admit} closes that socket, is reported (retry in 0) and the loop
   * goes on.
   */
  public static void run(ServerSocket listener, BooleanSupplier open, Consumer<Socket> admit,
      Failures failures, Pause pause) {
    Duration wait = FIRST_BACKOFF;
    while (open.getAsBoolean() && !listener.isClosed()
        && !Thread.currentThread().isInterrupted()) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (!open.getAsBoolean() || listener.isClosed()) {
          return;
        }
        failures.failed(e, wait);
        try {
          if (!pause.pause(wait)) {
            return;
          }
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
        Duration doubled = wait.multipliedBy(2);
        wait = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
        continue;
      }
      wait = FIRST_BACKOFF;
      try {
        admit.accept(socket);
      } catch (RuntimeException e) { // a server's bug: lose this connection, not the listener
        closeQuietly(socket);
        failures.failed(new IOException("admitting a connection failed: " + e, e), Duration.ZERO);
      }
    }
  }
}
