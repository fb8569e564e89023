package org.ukms.qlink;

import java.io.FilterInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A socket's input with an overall deadline while armed: each read waits only for the time left,
 * so a peer that trickles bytes cannot stretch the handshake. Disarmed, reads wait up to the
 * socket's plain read timeout. One reader thread.
 */
final class DeadlineInput extends FilterInputStream {
  private final Socket socket;
  private long deadline;
  private boolean armed;

  DeadlineInput(Socket socket) throws IOException {
    super(socket.getInputStream());
    this.socket = socket;
  }

  /** Reads from now on must finish within {@code limit}, all together. */
  void arm(Duration limit) {
    deadline = System.nanoTime() + limit.toNanos();
    armed = true;
  }

  /** Back to a read timeout of {@code millis} per read. */
  void disarm(int millis) throws IOException {
    armed = false;
    socket.setSoTimeout(millis);
  }

  @Override
  public int read() throws IOException {
    limit();
    return super.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    limit();
    return super.read(b, off, len);
  }

  private void limit() throws IOException {
    if (!armed) {
      return;
    }
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new SocketTimeoutException("no handshake within the deadline");
    }
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
  }
}
