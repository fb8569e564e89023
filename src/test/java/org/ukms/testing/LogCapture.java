package org.ukms.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects every log line ukms writes (logger names under {@code org.ukms}) during a test. */
public final class LogCapture extends Handler implements AutoCloseable {
  private static final Logger UKMS = Logger.getLogger("org.ukms");
  public final List<String> lines = new CopyOnWriteArrayList<>();
  private final Level previous;

  public LogCapture() {
    previous = UKMS.getLevel();
    UKMS.setLevel(Level.ALL);
    UKMS.addHandler(this);
  }

  @Override
  public void publish(LogRecord record) {
    lines.add(record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage());
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    UKMS.removeHandler(this);
    UKMS.setLevel(previous);
  }
}
