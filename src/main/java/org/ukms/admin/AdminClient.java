package org.ukms.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Locale;
import org.ukms.config.AdminListen;

/**
 * A minimal HTTP/1.1 client for the admin endpoint, behind {@code ukms status}: one
 * {@code GET} with {@code Connection: close} over the Unix socket or TCP, the whole exchange
 * within a deadline and the answer within a size bound. Failures are an {@link
 * UnreachableException} whose message names the address and the cause in words.
 */
public final class AdminClient {
  public static final Duration TIMEOUT = Duration.ofSeconds(5);
  public static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

  private AdminClient() {}

  /** An answer: status code and body (UTF-8). */
  public record Answer(int status, String body) {}

  /** The daemon could not be asked: the message is one line for the operator. */
  public static final class UnreachableException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreachableException(String message) {
      super(message);
    }
  }

  /** {@code GET path} on {@code listen}, within {@link #TIMEOUT}. */
  public static Answer get(AdminListen listen, String path) throws UnreachableException {
    return get(listen, path, TIMEOUT, MAX_ANSWER_BYTES);
  }

  static Answer get(AdminListen listen, String path, Duration timeout, int maxBytes)
      throws UnreachableException {
    long deadline = System.nanoTime() + timeout.toNanos();
    SocketAddress address = listen.unix() ? UnixDomainSocketAddress.of(listen.socket())
        : new InetSocketAddress(listen.host(), listen.port());
    try (SocketChannel channel = listen.unix() ? SocketChannel.open(StandardProtocolFamily.UNIX)
        : SocketChannel.open(); Selector selector = Selector.open()) {
      channel.configureBlocking(false);
      if (!channel.connect(address)) {
        await(channel, selector, SelectionKey.OP_CONNECT, deadline, listen, timeout);
        channel.finishConnect();
      }
      String host = listen.unix() ? "localhost" : listen.toString();
      ByteBuffer request = ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: " + host
          + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      while (request.hasRemaining()) {
        if (channel.write(request) == 0) {
          await(channel, selector, SelectionKey.OP_WRITE, deadline, listen, timeout);
        }
      }
      ByteArrayOutputStream in = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      while (true) {
        int n = channel.read(buffer.clear());
        if (n < 0) {
          break;
        }
        if (n == 0) {
          await(channel, selector, SelectionKey.OP_READ, deadline, listen, timeout);
          continue;
        }
        in.write(buffer.array(), 0, n);
        if (in.size() > maxBytes) {
          throw new UnreachableException("the answer from " + listen + " is larger than "
              + maxBytes + " bytes");
        }
      }
      return parse(in.toByteArray(), listen);
    } catch (UnreachableException e) {
      throw e;
    } catch (IOException e) {
      throw new UnreachableException("no daemon listening on " + listen + " (" + cause(e)
          + "); is ukms running with this config?");
    }
  }

  private static void await(SocketChannel channel, Selector selector, int op, long deadline,
      AdminListen listen, Duration timeout) throws IOException, UnreachableException {
    long left = deadline - System.nanoTime();
    SelectionKey key = channel.register(selector, op);
    int ready = left <= 0 ? 0 : selector.select(Math.max(1, left / 1_000_000));
    key.cancel();
    selector.selectNow(); // completes the cancellation before the next register
    if (ready == 0) {
      throw new UnreachableException("no answer from " + listen + " within "
          + timeout.toMillis() + " ms; is ukms running with this config?");
    }
  }

  private static String cause(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such socket file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied; run as the daemon's user or root";
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof ConnectException && m.toLowerCase(Locale.ROOT).contains("refused")) {
      return "connection refused";
    }
    return m.toLowerCase(Locale.ROOT).contains("no such file") ? "no such socket file"
        : m.toLowerCase(Locale.ROOT).contains("permission denied")
        ? "permission denied; run as the daemon's user or root" : m;
  }

  /** Status line, headers, then the body: by Content-Length, chunked, or up to the close. */
  static Answer parse(byte[] raw, AdminListen listen) throws UnreachableException {
    String text = new String(raw, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    String[] head = (end < 0 ? text : text.substring(0, end)).split("\r\n");
    String[] statusLine = head[0].split(" ", 3);
    if (end < 0 || statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")
        || !statusLine[1].matches("\\d{3}")) {
      throw new UnreachableException("what answers on " + listen + " is not a ukms admin "
          + "endpoint (no HTTP/1.1 answer)");
    }
    boolean chunked = false;
    for (int i = 1; i < head.length; i++) {
      String h = head[i].toLowerCase(Locale.ROOT);
      chunked |= h.startsWith("transfer-encoding:") && h.contains("chunked");
    }
    String body = text.substring(end + 4);
    try {
      return new Answer(Integer.parseInt(statusLine[1]), chunked ? dechunk(body) : body);
    } catch (NumberFormatException e) {
      throw new UnreachableException("the answer from " + listen + " has a malformed chunked "
          + "body");
    }
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < body.length()) {
      int eol = body.indexOf("\r\n", at);
      if (eol < 0) {
        break;
      }
      int size = Integer.parseInt(body.substring(at, eol).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(body, eol + 2, Math.min(body.length(), eol + 2 + size));
      at = eol + 2 + size + 2;
    }
    return out.toString();
  }
}
