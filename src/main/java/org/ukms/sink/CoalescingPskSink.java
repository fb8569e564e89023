package org.ukms.sink;

import org.ukms.crypto.Secret;

/**
 * Coalesces writes to one slow sink (a PSK file: temporary file, fsync, rename, folder fsync):
 * only the newest submitted PSK is kept pending, and a PSK superseded before its write began is
 * never written. One write runs at a time, on the thread of a caller that waits for it: a caller
 * whose PSK is not yet covered takes the free write slot and writes the newest pending PSK (its
 * own or a newer one), so each caller does at most one write and the newest PSK always reaches
 * the sink, durably. No thread of its own, so every submitted PSK must be awaited: the waiting
 * callers do the writes.
 *
 * <p>Versions count submissions: a caller's PSK is covered once a write of its version or a
 * later one succeeded; if the write that covered its version failed, it gets that failure.
 */
public final class CoalescingPskSink implements PskSink {
  private final PskSink target;
  private long submitted;
  private Secret pending;
  private long pendingVersion;
  private boolean writing;
  private long written;
  private long failedThrough;
  private SinkException failure;
  private long skipped;

  public CoalescingPskSink(PskSink target) {
    this.target = target;
  }

  /** Submits and waits until the PSK (or a newer one) is in place. */
  @Override
  public void install(Secret psk) throws SinkException {
    submit(psk).await();
  }

  /** Keeps a copy of {@code psk} as the newest pending PSK; never blocks on a write. */
  @Override
  public synchronized Pending submit(Secret psk) {
    long version = ++submitted;
    if (pending != null) {
      pending.destroy(); // superseded before its write began: never written
      skipped++;
    }
    byte[] raw = psk.reveal();
    try {
      pending = Secret.copyOf(raw);
    } finally {
      java.util.Arrays.fill(raw, (byte) 0);
    }
    pendingVersion = version;
    return () -> awaitVersion(version);
  }

  /** PSKs superseded before they were written (for tests and metrics). */
  public synchronized long skipped() {
    return skipped;
  }

  private void awaitVersion(long version) throws SinkException {
    boolean interrupted = false;
    try {
      while (true) {
        if (writeOrWait(version)) {
          return;
        }
        interrupted |= Thread.interrupted();
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt(); // a write is never abandoned half-way; tell later
      }
    }
  }

  /** One step: true once {@code version} is covered; false after a wait or a write. */
  private boolean writeOrWait(long version) throws SinkException {
    Secret psk;
    long writingVersion;
    synchronized (this) {
      if (writing && !resolved(version)) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return false;
      }
      if (written >= version) {
        return true;
      }
      if (failedThrough >= version) {
        throw failure;
      }
      // Not covered and the slot is free: write the newest pending PSK (at least ours).
      if (pending == null) {
        throw new IllegalStateException("version " + version + " neither pending nor written");
      }
      psk = pending;
      writingVersion = pendingVersion;
      pending = null;
      writing = true;
    }
    SinkException error = null;
    try {
      target.install(psk);
    } catch (SinkException e) {
      error = e;
    } catch (RuntimeException e) {
      error = new SinkException("writing the PSK failed: " + e, e);
    } finally {
      psk.destroy();
    }
    synchronized (this) {
      writing = false;
      if (error == null) {
        written = Math.max(written, writingVersion);
      } else {
        failedThrough = Math.max(failedThrough, writingVersion);
        failure = error;
      }
      notifyAll();
    }
    return false;
  }

  private boolean resolved(long version) {
    return written >= version || failedThrough >= version;
  }
}
