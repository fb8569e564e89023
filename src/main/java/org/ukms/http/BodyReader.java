package org.ukms.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body without holding a thread while the client is slow: it takes what has
 * arrived, then asks to be called again when more does. Keeps at most {@code limit + 1} bytes and
 * stops reading there, so a too-large body costs no more memory than that.
 */
final class BodyReader implements Runnable {
  private final Request request;
  private final int limit;
  private final Consumer<byte[]> done;
  private final Consumer<Throwable> failed;
  private final Runnable waiting;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private boolean waited;

  /** {@code waiting} runs once, before the first wait for more bytes (not if the body is in). */
  BodyReader(Request request, int limit, Consumer<byte[]> done, Consumer<Throwable> failed,
      Runnable waiting) {
    this.request = request;
    this.limit = limit;
    this.done = done;
    this.failed = failed;
    this.waiting = waiting;
  }

  /** Reads what is there; called again by Jetty (on an I/O thread) when more arrives. */
  @Override
  public void run() {
    while (true) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        if (!waited) {
          waited = true;
          waiting.run();
        }
        request.demand(this);
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        failed.accept(chunk.getFailure());
        return;
      }
      ByteBuffer bytes = chunk.getByteBuffer();
      int take = Math.min(bytes.remaining(), limit + 1 - body.size());
      byte[] part = new byte[take];
      bytes.get(part);
      body.write(part, 0, take);
      boolean last = chunk.isLast();
      chunk.release();
      if (last || body.size() > limit) {
        done.accept(body.toByteArray());
        return;
      }
    }
  }
}
