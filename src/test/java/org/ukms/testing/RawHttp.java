package org.ukms.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP at the byte level, to replay the exact exchanges of the uKMS wire protocol: a client that
 * sends given bytes and reads to EOF, and a one-shot server that records the request head and
 * answers with given bytes, then closes (as Python's HTTP/1.0 server does).
 */
public final class RawHttp {
  private RawHttp() {}

  /** Sends {@code request} to loopback {@code port} and returns everything read until EOF. */
  public static String exchange(int port, String request) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A server for one connection: records the request head, writes {@code answer}, closes. */
  public static final class OneShotServer implements AutoCloseable {
    private final ServerSocket socket;
    private final CompletableFuture<String> head = new CompletableFuture<>();

    public OneShotServer(String answer) throws IOException {
      socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      Thread t = new Thread(() -> serve(answer), "one-shot-http");
      t.setDaemon(true);
      t.start();
    }

    public int port() {
      return socket.getLocalPort();
    }

    /** The request line and headers as received. */
    public String requestHead() throws InterruptedException, ExecutionException, TimeoutException {
      return head.get(10, TimeUnit.SECONDS);
    }

    private void serve(String answer) {
      try (Socket client = socket.accept()) {
        InputStream in = client.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (!got.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
          int b = in.read();
          if (b < 0) {
            break;
          }
          got.write(b);
        }
        head.complete(got.toString(StandardCharsets.ISO_8859_1));
        OutputStream out = client.getOutputStream();
        out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException e) {
        head.completeExceptionally(e);
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
