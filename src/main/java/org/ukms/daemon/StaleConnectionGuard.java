package org.ukms.daemon;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;

/**
 * Safe recovery from a pooled connection the server has closed, for every request (OkHttp checks
 * only non-GET requests, and only after 10 s idle). Before a request is written on a connection
 * idle for {@link #CHECK_AFTER} or more, a network interceptor looks at the socket (a read of at
 * most 1 ms): if the server has closed it, or sent bytes nobody asked for, the connection is
 * closed and the request fails with {@link Unsent} before a byte of it left. An application
 * interceptor retries exactly those once, on a new connection. A request that failed after it
 * was written is never retried: enc_keys, {@code /rotate} and v2 offers are not idempotent.
 */
final class StaleConnectionGuard {
  /** Connections idle at least this long are looked at before reuse. */
  static final Duration CHECK_AFTER = Duration.ofSeconds(1);

  private final Map<Connection, Long> lastUsed = new WeakHashMap<>();
  private final long checkAfterNanos;

  private StaleConnectionGuard(Duration checkAfter) {
    this.checkAfterNanos = checkAfter.toNanos();
  }

  /** {@code builder} with the guard and its one retry installed. */
  static OkHttpClient.Builder install(OkHttpClient.Builder builder) {
    return install(builder, CHECK_AFTER);
  }

  /** As above, looking at connections idle at least {@code checkAfter} (tests: zero). */
  static OkHttpClient.Builder install(OkHttpClient.Builder builder, Duration checkAfter) {
    StaleConnectionGuard guard = new StaleConnectionGuard(checkAfter);
    return builder.addInterceptor(StaleConnectionGuard::retryUnsent)
        .addNetworkInterceptor(guard::check);
  }

  /** The request failed before it was written: no server saw it, so it may go again. */
  static final class Unsent extends IOException {
    private static final long serialVersionUID = 1L;

    Unsent(String message) {
      super(message);
    }
  }

  private static Response retryUnsent(Interceptor.Chain chain) throws IOException {
    try {
      return chain.proceed(chain.request());
    } catch (Unsent e) {
      return chain.proceed(chain.request());
    }
  }

  private Response check(Interceptor.Chain chain) throws IOException {
    Connection connection = chain.connection();
    if (connection != null && connection.protocol() == Protocol.HTTP_1_1) { // h2 has a reader
      Long used;
      synchronized (lastUsed) {
        used = lastUsed.get(connection);
      }
      if (used != null && System.nanoTime() - used >= checkAfterNanos
          && !open(connection.socket())) {
        connection.socket().close(); // the pool drops a closed socket
        throw new Unsent("pooled connection to " + chain.request().url().host() + ":"
            + chain.request().url().port() + " closed by the server before the request");
      }
    }
    try {
      return chain.proceed(chain.request());
    } finally {
      if (connection != null) {
        synchronized (lastUsed) {
          lastUsed.put(connection, System.nanoTime());
        }
      }
    }
  }

  /** Whether an idle socket is still open: nothing to read within 1 ms, and no end of stream. */
  private static boolean open(Socket socket) {
    try {
      int timeout = socket.getSoTimeout();
      socket.setSoTimeout(1);
      try {
        socket.getInputStream().read(); // end of stream, or a byte nobody asked for: broken
        return false;
      } finally {
        socket.setSoTimeout(timeout);
      }
    } catch (SocketTimeoutException e) {
      return true; // nothing there: the usual, healthy case
    } catch (InterruptedIOException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}
